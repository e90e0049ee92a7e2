package profile

import "github.com/altinn-onboard/altinn-onboard/session"

// Apply gives a session the profile's defaults where the session has
// nothing: the contact person (only when the session names none at all,
// so one person's name never meets another's e-mail), the copy address
// and the output folder. It never changes an answer the session has, so
// applying it twice, or after an answers file, changes nothing more.
func (p Profile) Apply(s *session.Session) {
	c := &s.Answers.Contact
	if c.Name == "" && c.Email == "" && c.Phone == "" {
		c.Name, c.Email, c.Phone = p.Name, p.Email, p.Phone
	}
	if s.Answers.Cc == "" {
		s.Answers.Cc = p.Cc
	}
	if s.Settings.OutputDir == "" {
		s.Settings.OutputDir = p.OutputDir
	}
}
