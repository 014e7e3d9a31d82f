//! `Engine.assess_arrow`: Arrow data in through the Arrow PyCapsule interface (pyarrow,
//! Polars, DuckDB, nanoarrow, arro3 — no copy), the core's columnar API on every core
//! with the GIL released, an Arrow table out.

use amends::columnar::{output_schema, Options};
use amends::Error;
use arrow_array::RecordBatch;
use chrono::{DateTime, Utc};
use pyo3::prelude::*;
use pyo3_arrow::input::AnyRecordBatch;
use pyo3_arrow::PyTable;

/// Rows per unit of work: large enough that a thread's start-up is noise, small enough
/// that two threads share a single input batch.
const ROWS_PER_TASK: usize = 4096;

/// Assesses every row of `data`; see `Engine.assess_arrow` in the stub for the contract.
pub fn assess(
    py: Python<'_>,
    engine: &amends::Engine,
    data: AnyRecordBatch,
    now: DateTime<Utc>,
    options: Options,
    threads: Option<usize>,
) -> PyResult<Result<PyTable, Error>> {
    let reader = data.into_reader()?;
    let batches = reader
        .collect::<Result<Vec<RecordBatch>, _>>()
        .map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))?;
    let threads = threads
        .or_else(|| std::thread::available_parallelism().ok().map(usize::from))
        .unwrap_or(1)
        .max(1);
    let tasks: Vec<RecordBatch> = batches
        .iter()
        .flat_map(|b| {
            (0..b.num_rows())
                .step_by(ROWS_PER_TASK)
                .map(move |start| b.slice(start, ROWS_PER_TASK.min(b.num_rows() - start)))
        })
        .collect();
    let out = py.detach(|| run(engine, &tasks, now, options, threads));
    Ok(out.and_then(|batches| {
        PyTable::try_new(batches, output_schema(options)).map_err(|e| {
            Error::Evaluation(vec![amends::Diagnostic::new(
                "internal.panic",
                "",
                e.to_string(),
            )])
        })
    }))
}

/// Assesses `tasks` on `threads` threads (task `i` on thread `i % threads`) and returns
/// the outputs in task order.
fn run(
    engine: &amends::Engine,
    tasks: &[RecordBatch],
    now: DateTime<Utc>,
    options: Options,
    threads: usize,
) -> Result<Vec<RecordBatch>, Error> {
    let assess = |batch: &RecordBatch| engine.assess_record_batch(batch, now, options);
    if threads == 1 || tasks.len() < 2 {
        return tasks.iter().map(assess).collect();
    }
    let threads = threads.min(tasks.len());
    let mut slots: Vec<Option<Result<RecordBatch, Error>>> = tasks.iter().map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    tasks
                        .iter()
                        .enumerate()
                        .skip(t)
                        .step_by(threads)
                        .map(|(i, b)| (i, assess(b)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(done) => {
                    for (i, result) in done {
                        if let Some(slot) = slots.get_mut(i) {
                            *slot = Some(result);
                        }
                    }
                }
                Err(payload) => {
                    if let Some(slot) = slots.first_mut() {
                        *slot = Some(Err(Error::internal_panic(payload.as_ref())));
                    }
                }
            }
        }
    });
    slots
        .into_iter()
        .map(|s| s.unwrap_or_else(|| Err(Error::internal_panic(&"a task was not run"))))
        .collect()
}
