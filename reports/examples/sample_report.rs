//! Writes the sample results' reports into a directory (default `sample-report`), and
//! prints the console table, for eyeballing changes to the report layout:
//! `cargo run -p reports --example sample_report -- /tmp/out`.

fn main() -> Result<(), reports::ReportError> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "sample-report".to_owned());
    let results = reports::testing::sample_results();
    print!("{}", reports::summary_table(&results));
    for path in reports::export_all(&results, &dir)? {
        println!("wrote {}", path.display());
    }
    Ok(())
}
