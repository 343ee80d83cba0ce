pub fn render_html(_r: &crate::schema::Results) -> Result<String, crate::error::ReportError> {
    todo!()
}
