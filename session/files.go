package session

import "slices"

// ReplaceFiles records newly generated files in place of earlier ones of
// the same kinds, keeping every other step's files.
func (s *Session) ReplaceFiles(kinds []string, files []GeneratedFile) {
	kept := make([]GeneratedFile, 0, len(s.Files)+len(files))
	for _, f := range s.Files {
		if !slices.Contains(kinds, f.Kind) {
			kept = append(kept, f)
		}
	}
	s.Files = append(kept, files...)
}

// FilesOf returns the recorded files of the given kinds, in order.
func (s *Session) FilesOf(kinds ...string) []GeneratedFile {
	var out []GeneratedFile
	for _, f := range s.Files {
		if slices.Contains(kinds, f.Kind) {
			out = append(out, f)
		}
	}
	return out
}
