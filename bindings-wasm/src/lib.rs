//! WebAssembly bindings (filled in by the Web issue).
