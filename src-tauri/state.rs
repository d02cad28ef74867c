//! What the shell keeps between commands: the core service, built once at startup.

use zhaohuo_core::app::AppInfo;

pub struct AppState {
    pub info: AppInfo,
}
