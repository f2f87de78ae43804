//! Credentials: JWT issue and verification, bcrypt hashing, and the login throttle.

pub mod password;
pub mod throttle;
pub mod token;
