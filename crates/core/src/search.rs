//! Search: joins photo → provider → store for one buyer action.
