package session

import (
	"maps"
	"slices"
)

// Clone returns a deep copy of s: nothing in it shares memory with s, so
// the copy can be read (encoded, checked) on another goroutine while s
// goes on changing. Nil slices and maps stay nil and empty ones empty, so
// the copy encodes to the very bytes s does. It costs a fraction of
// encoding s: the app takes one after every edit (its autosave snapshot).
func (s *Session) Clone() *Session {
	c := *s
	c.Answers = s.Answers.deepCopy()
	c.Integration.APIKeyOrdered = maps.Clone(s.Integration.APIKeyOrdered)
	c.Authentication.RESTMechanisms = slices.Clone(s.Authentication.RESTMechanisms)
	c.Authentication.Certificates = s.Authentication.cloneCertificates()
	c.Authentication.CertificateMoved = slices.Clone(s.Authentication.CertificateMoved)
	c.Testing.Checklist = slices.Clone(s.Testing.Checklist)
	c.GoLive.Checklist = maps.Clone(s.GoLive.Checklist)
	c.GoLive.Support = clonePtr(s.GoLive.Support)
	c.Steps = maps.Clone(s.Steps)
	c.Files = slices.Clone(s.Files)
	c.Sent = slices.Clone(s.Sent)
	for i := range c.Sent {
		c.Sent[i].To = slices.Clone(c.Sent[i].To)
	}
	c.Secrets = slices.Clone(s.Secrets)
	c.Altinn3 = s.Altinn3.Clone()
	return &c
}

// deepCopy is Clone for the answers, keeping nil and empty apart (Clone
// makes both nil, which the checks do not mind and a file would show).
func (a Answers) deepCopy() Answers {
	c := a
	c.TechnicalContact = clonePtr(a.TechnicalContact)
	c.System.Interfaces = slices.Clone(a.System.Interfaces)
	c.System.AuthMethods = slices.Clone(a.System.AuthMethods)
	c.System.Environments = slices.Clone(a.System.Environments)
	c.System.Services = slices.Clone(a.System.Services)
	for i := range c.System.Services {
		c.System.Services[i].Environments = slices.Clone(c.System.Services[i].Environments)
	}
	c.Declaration.SignsForUsers = clonePtr(a.Declaration.SignsForUsers)
	c.Declaration.UsesPrefill = clonePtr(a.Declaration.UsesPrefill)
	c.Declaration.StoresUserCredentials = clonePtr(a.Declaration.StoresUserCredentials)
	return c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
