//! The local sandbox gateway: speaks every supported API family over a demo catalog.
