//! The sink one engine delivers through, which a crash closes, and the stand-in for a
//! crashed engine until its successor is built.

use crate::sink::MeasuringSink;
use engines::{Engine, EngineError, EngineStats, Sink};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use workloads::{Input, Output, Time};

/// The sink one engine delivers through, closed when the engine crashes.
pub(super) struct Gate {
    inner: Arc<MeasuringSink>,
    open: AtomicBool,
}

impl Gate {
    pub(super) fn new(inner: Arc<MeasuringSink>) -> Arc<Gate> {
        Arc::new(Gate {
            inner,
            open: AtomicBool::new(true),
        })
    }

    pub(super) fn close(&self) {
        self.open.store(false, Ordering::SeqCst);
    }
}

impl Sink for Gate {
    fn emit(&self, worker: usize, outputs: &mut Vec<Output>) {
        match self.open.load(Ordering::SeqCst) {
            true => self.inner.emit(worker, outputs),
            false => outputs.clear(),
        }
    }
}

/// Stands in for a crashed engine between its drop and its successor's build.
pub(super) struct Dead;

impl Engine for Dead {
    fn on_events(&mut self, _: &[Input]) -> Result<(), EngineError> {
        Err(EngineError::Worker("the engine crashed".into()))
    }
    fn on_watermark(&mut self, _: Time, _: Time) -> Result<(), EngineError> {
        Err(EngineError::Worker("the engine crashed".into()))
    }
    fn finish(&mut self, _: Time) -> Result<(), EngineError> {
        Err(EngineError::Worker("the engine crashed".into()))
    }
    fn stats(&self) -> EngineStats {
        EngineStats::default()
    }
    fn snapshot(&mut self) -> Result<Vec<u8>, EngineError> {
        Err(EngineError::Worker("the engine crashed".into()))
    }
    fn restore(&mut self, _: &[u8]) -> Result<(), EngineError> {
        Err(EngineError::Worker("the engine crashed".into()))
    }
}
