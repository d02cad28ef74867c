//! What the shell keeps between commands: the core `App`, built once at startup.

pub struct AppState {
    pub app: zhaohuo_core::App,
}
