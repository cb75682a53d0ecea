//! The demo organisation seeder.
