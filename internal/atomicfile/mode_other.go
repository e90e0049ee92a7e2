//go:build !unix

package atomicfile

import "io/fs"

func ownerOf(fs.FileInfo) (uint32, bool) { return 0, false }

func isMe(uint32) bool { return true }

// tighten does nothing where permission bits mean little (Windows: the
// user's profile folders are private by their ACLs).
func tighten(string, fs.FileMode) (bool, *Notice, error) { return false, nil, nil }
