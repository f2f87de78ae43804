//! Developer tools built into the binary but hidden from `--help`: not part of running a
//! factory.

pub mod factory;
pub mod generate;
mod masters;
