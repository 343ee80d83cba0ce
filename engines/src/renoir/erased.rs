//! Type erasure for renoir operator chains, and the record of the first panic in a renoir
//! thread.
//!
//! renoir's own boxed operator is not nameable outside the crate, and compiling a plan tree
//! recursively needs one stream type per node, so every compiled node ends in an [`Erased`]
//! operator. It is also where panics of the chain before it (plan closures, shared state) are
//! caught and recorded, so the engine handle can report them instead of waiting for threads
//! that will never finish.

use crate::panic_message;
use renoir::block::structure::BlockStructure;
use renoir::operator::{Operator, StreamElement};
use renoir::ExecutionMetadata;
use std::fmt;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::Mutex;

/// The first panic message of any renoir thread of one engine.
#[derive(Default)]
pub struct Failure(Mutex<Option<String>>);

impl Failure {
    /// Records `message` unless a failure is already recorded (the first one is the cause,
    /// later ones are usually its consequences).
    pub fn record(&self, message: String) {
        let mut f = self.0.lock().unwrap_or_else(|e| e.into_inner());
        f.get_or_insert(message);
    }

    /// The recorded failure, if any.
    pub fn get(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Runs `f`, recording its panic (and unwinding on, so renoir tears the thread down).
    pub fn guard<T>(&self, f: impl FnOnce() -> T) -> T {
        match catch_unwind(AssertUnwindSafe(f)) {
            Ok(t) => t,
            Err(p) => {
                self.record(panic_message(&*p));
                resume_unwind(p)
            }
        }
    }
}

/// The object-safe part of [`Operator`], with cloning into a box.
trait DynOperator<O>: Send {
    fn setup(&mut self, metadata: &mut ExecutionMetadata<'_>);
    fn next(&mut self) -> StreamElement<O>;
    fn structure(&self) -> BlockStructure;
    fn clone_box(&self) -> Box<dyn DynOperator<O>>;
    fn name(&self) -> String;
}

impl<Op: Operator + 'static> DynOperator<Op::Out> for Op {
    fn setup(&mut self, metadata: &mut ExecutionMetadata<'_>) {
        Operator::setup(self, metadata)
    }
    fn next(&mut self) -> StreamElement<Op::Out> {
        Operator::next(self)
    }
    fn structure(&self) -> BlockStructure {
        Operator::structure(self)
    }
    fn clone_box(&self) -> Box<dyn DynOperator<Op::Out>> {
        Box::new(self.clone())
    }
    fn name(&self) -> String {
        self.to_string()
    }
}

/// An operator chain behind a box, with its panics recorded in a [`Failure`].
pub struct Erased<O> {
    inner: Box<dyn DynOperator<O>>,
    failure: std::sync::Arc<Failure>,
}

impl<O: Send + 'static> Erased<O> {
    /// Erases `op`'s type.
    pub fn new<Op: Operator<Out = O> + 'static>(op: Op, failure: std::sync::Arc<Failure>) -> Self {
        Erased {
            inner: Box::new(op),
            failure,
        }
    }
}

impl<O> Clone for Erased<O> {
    fn clone(&self) -> Self {
        Erased {
            inner: self.inner.clone_box(),
            failure: self.failure.clone(),
        }
    }
}

impl<O> fmt::Display for Erased<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.name())
    }
}

impl<O: Send + 'static> Operator for Erased<O> {
    type Out = O;

    fn setup(&mut self, metadata: &mut ExecutionMetadata) {
        let inner = &mut self.inner;
        self.failure.guard(|| inner.setup(metadata))
    }

    #[inline]
    fn next(&mut self) -> StreamElement<O> {
        let inner = &mut self.inner;
        self.failure.guard(|| inner.next())
    }

    fn structure(&self) -> BlockStructure {
        self.inner.structure()
    }
}
