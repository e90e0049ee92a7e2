package store

// SetBeforeLock makes s call f between resolving a session and taking its
// lock, where another process may save the session.
func SetBeforeLock(s *Store, f func(id string)) { s.beforeLock = f }
