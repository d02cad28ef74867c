//! Request signatures for the 1688 API families.
