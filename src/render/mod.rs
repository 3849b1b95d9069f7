//! Renderers: the Evaluation model → JSON. Renderers format; they never calculate.

pub mod json;
