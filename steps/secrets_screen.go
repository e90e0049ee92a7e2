package steps

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// SecretSpec is one secret a screen asks for.
type SecretSpec struct {
	Name    string // one of the track's secrets (see AltinnII)
	LabelNB string
	LabelEN string
	HelpNB  string
	HelpEN  string
	// Check validates a value before it is stored (nil: non-empty only).
	// It returns a message in the user's language; it must never repeat
	// the value.
	Check func(value, lang string) error
	// Verify, when set, tries the value where it will be used (a
	// certificate password opens its file) before it is stored; it runs
	// inside the keyring command (it may read files), and the value is
	// stored only when it returns nil. Its error should be a
	// store.Localized and must never repeat the value.
	Verify func(value string) error
}

type secretState int

const (
	secretUnknown secretState = iota
	secretSet
	secretUnset
)

// SecretsScreen shows secrets kept in the OS keyring: where each lives,
// whether it is set (never its value), and lets the user set, replace or
// delete it. Every keyring call runs in a tea.Cmd.
type SecretsScreen struct {
	ctx     *ui.Context
	deps    Deps
	intro   string
	specs   []SecretSpec
	state   map[string]secretState
	menu    ui.Menu // a line per secret; its cursor is the selected one
	input   textinput.Model
	editing bool
	// first is the value typed once, while confirming asks for it again
	// (as `secrets set` does); both are dropped when the input closes.
	first      string
	confirming bool
	confirm    *ui.Confirm // asking to delete
	busy       bool        // a set or delete is running
	checking   bool        // the first look at the keyring is running
	// touched are secrets set or deleted here; a look at the keyring that
	// started before must not undo what the user just did.
	touched map[string]bool
	// check tells this screen's look at the keyring from a late one of
	// a screen built before it (a jump builds a new screen), which may
	// predate a secret stored since.
	check  uint64
	msg    ui.Message
	done   bool
	width  int
	keyErr error
	keys   struct{ del, next key.Binding }
}

// secretsCheckedMsg carries which secrets exist, never values.
type secretsCheckedMsg struct {
	check     uint64
	sessionID string
	status    []store.SecretStatus
	err       error
}

// secretStoredMsg is the end of a keyring write. It records the result in
// the session even when the user has left the screen meanwhile (it is a
// ui.SessionEdit), so the session always knows what the keyring holds.
type secretStoredMsg struct {
	sessionID string
	name      string
	ref       session.SecretRef
	deleted   bool
	err       error
	// refused: Verify refused the value, so nothing was stored and the
	// input opens again.
	refused bool
}

// EditSession records the stored or deleted secret in its own session.
func (m secretStoredMsg) EditSession(s *session.Session) {
	if m.err != nil || s == nil || s.ID != m.sessionID {
		return
	}
	if m.deleted {
		s.RemoveSecretRef(m.name)
	} else {
		s.SetSecretRef(m.ref)
	}
}

// NewSecretsScreen builds the screen; intro is shown above the list.
func NewSecretsScreen(ctx *ui.Context, d Deps, intro string, specs []SecretSpec) *SecretsScreen {
	s := &SecretsScreen{ctx: ctx, deps: d, intro: intro, specs: specs, state: map[string]secretState{}, menu: ui.NewMenu(ctx.Lang, nil)}
	s.input = textinput.New()
	s.input.EchoMode = textinput.EchoPassword
	s.input.EchoCharacter = '•'
	s.input.CharLimit = store.MaxSecretBytes
	s.menu.Keys.Choose.SetHelp("enter", ctx.T("sett/erstatt", "set/replace"))
	s.menu.SetItems(s.menuItems())
	s.keys.del = key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", ctx.T("slett", "delete")))
	s.keys.next = key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", ctx.T("videre", "continue")))
	return s
}

// menuItems are the secrets as the menu shows them: whether each is set
// (never its value), where it lives, and its help while selected.
func (s *SecretsScreen) menuItems() []ui.MenuItem {
	items := make([]ui.MenuItem, len(s.specs))
	for i, sp := range s.specs {
		mark, status := "?", s.ctx.T("sjekker …", "checking …")
		switch s.state[sp.Name] {
		case secretSet:
			mark, status = "●", s.ctx.T("lagret", "stored")
		case secretUnset:
			mark, status = "○", s.ctx.T("ikke satt", "not set")
		}
		if s.keyErr != nil {
			mark, status = "!", s.ctx.T("ukjent", "unknown")
		}
		items[i] = ui.MenuItem{
			Key:    "secret." + sp.Name,
			Label:  fmt.Sprintf("%s %s — %s", mark, s.ctx.T(sp.LabelNB, sp.LabelEN), status),
			Detail: Where(s.ctx, s.deps.Secrets, sp.Name),
			Help:   s.ctx.T(sp.HelpNB, sp.HelpEN),
		}
	}
	return items
}

// Focus puts the cursor on the secret a saved field names
// ("secret.<name>"), for resume.
func (s *SecretsScreen) Focus(field string) *SecretsScreen {
	s.menu.Select(field)
	return s
}

// secretChecks numbers the looks at the keyring.
var secretChecks atomic.Uint64

func (s *SecretsScreen) Init() tea.Cmd {
	secrets, id := s.deps.Secrets, s.ctx.Session.ID
	if secrets == nil {
		s.keyErr = errors.New(s.ctx.T("Ingen nøkkelring er tilgjengelig.", "No keyring is available."))
		return nil
	}
	s.checking = true
	s.check = secretChecks.Add(1)
	check := s.check
	names := make([]string, len(s.specs))
	for i, sp := range s.specs {
		names[i] = sp.Name
	}
	return func() tea.Msg {
		st, err := secrets.Known(id, names)
		return secretsCheckedMsg{check: check, sessionID: id, status: st, err: err}
	}
}

func (s *SecretsScreen) spec() *SecretSpec {
	if c := s.menu.Cursor; c >= 0 && c < len(s.specs) {
		return &s.specs[c]
	}
	return nil
}

// HandleBack closes the input or the question instead of leaving. While
// the value is asked again, it goes back to the first input, with what
// was typed there.
func (s *SecretsScreen) HandleBack() (bool, tea.Cmd) {
	if s.editing && s.confirming {
		s.input.SetValue(s.first)
		s.input.CursorEnd()
		s.first, s.confirming = "", false
		s.msg.Clear()
		return true, nil
	}
	if s.editing || s.confirm != nil {
		s.stopEditing()
		s.confirm = nil
		return true, nil
	}
	return false, nil
}

// asking says the screen asks for a value or a yes or no: every key is
// the answer's.
func (s *SecretsScreen) asking() bool { return s.editing || s.confirm != nil }

func (s *SecretsScreen) stopEditing() {
	s.editing = false
	s.first, s.confirming = "", false
	s.input.SetValue("") // the typed secret does not linger in memory longer than needed
	s.input.Blur()
}

func (s *SecretsScreen) localize(err error) string {
	var l store.Localized
	if errors.As(err, &l) {
		return l.Text(s.ctx.Lang)
	}
	return err.Error()
}

func (s *SecretsScreen) Update(msg tea.Msg) (ui.Screen, tea.Cmd) {
	switch msg := msg.(type) {
	case secretsCheckedMsg:
		return s, s.checked(msg)
	case secretStoredMsg:
		return s, s.stored(msg)
	case tea.KeyMsg:
		return s, s.updateKey(msg)
	}
	return s, nil
}

// checked takes what the keyring holds, and makes the session's
// references agree with it.
func (s *SecretsScreen) checked(msg secretsCheckedMsg) tea.Cmd {
	if msg.check != s.check {
		return nil // another screen's, perhaps older than a secret stored since
	}
	s.checking = false
	if msg.err != nil {
		s.keyErr = msg.err
		return nil
	}
	s.keyErr = nil
	for _, st := range msg.status {
		if s.touched[st.Name] {
			continue
		}
		if st.Set {
			s.state[st.Name] = secretSet
		} else {
			s.state[st.Name] = secretUnset
		}
	}
	// The keyring is the truth: make the session's references agree.
	changed := false
	for _, sp := range s.specs {
		if s.touched[sp.Name] {
			continue
		}
		has := hasRef(s.ctx.Session, sp.Name)
		switch {
		case s.state[sp.Name] == secretSet && !has:
			s.ctx.Session.SetSecretRef(secretRef(s.ctx.Session, sp.Name, s.deps.now()))
			changed = true
		case s.state[sp.Name] == secretUnset && has:
			s.ctx.Session.RemoveSecretRef(sp.Name)
			changed = true
		}
	}
	if changed {
		return func() tea.Msg { return ui.ChangedMsg{} }
	}
	return nil
}

// stored ends a keyring write or delete this screen started.
func (s *SecretsScreen) stored(msg secretStoredMsg) tea.Cmd {
	s.busy = false
	if s.touched == nil {
		s.touched = map[string]bool{}
	}
	s.touched[msg.name] = true
	if msg.err != nil {
		s.msg.Set(s.localize(msg.err), true)
		if msg.refused && !s.asking() && s.spec() != nil && s.spec().Name == msg.name {
			return s.startInput() // ask again at once
		}
		return nil
	}
	label := s.label(msg.name)
	if msg.deleted {
		s.state[msg.name] = secretUnset
		msg.EditSession(s.ctx.Session)
		s.msg.Set(fmt.Sprintf(s.ctx.T("%s er slettet fra nøkkelringen.", "%s was deleted from the keyring."), label), false)
	} else {
		s.state[msg.name] = secretSet
		msg.EditSession(s.ctx.Session)
		s.msg.Set(fmt.Sprintf(s.ctx.T("%s er lagret i nøkkelringen.", "%s is stored in the keyring."), label), false)
	}
	return func() tea.Msg { return ui.ChangedMsg{} }
}

// updateKey handles a key: in the input, in the question, or on the list.
func (s *SecretsScreen) updateKey(msg tea.KeyMsg) tea.Cmd {
	if s.editing {
		return s.updateInput(msg)
	}
	if s.confirm != nil {
		switch s.confirm.Update(msg) {
		case ui.Yes:
			s.confirm = nil
			return s.deleteCmd(s.spec().Name)
		case ui.No:
			s.confirm = nil
		}
		return nil
	}
	s.msg.Clear()
	if _, chose := s.menu.Update(msg); chose {
		if s.keyErr != nil || s.busy || s.spec() == nil {
			return nil
		}
		return s.startInput()
	}
	switch {
	case key.Matches(msg, s.keys.next):
		s.done = true
	case key.Matches(msg, s.keys.del):
		if sp := s.spec(); sp != nil && s.state[sp.Name] == secretSet && s.keyErr == nil {
			label := s.ctx.T(sp.LabelNB, sp.LabelEN)
			c := ui.NewConfirm(s.ctx.Lang, fmt.Sprintf(s.ctx.T("Slette %s fra nøkkelringen?", "Delete %s from the keyring?"), label))
			c.Yes.SetHelp(c.Yes.Help().Key, s.ctx.T("ja, slett", "yes, delete"))
			s.confirm = &c
		}
	}
	return nil
}

// startInput opens the input for the selected secret, empty.
func (s *SecretsScreen) startInput() tea.Cmd {
	s.editing = true
	s.first, s.confirming = "", false
	s.input.SetValue("")
	s.input.Placeholder = s.ctx.T("lim inn eller skriv; vises ikke", "paste or type; not shown")
	return s.input.Focus()
}

// updateInput takes a key in the input. The value is asked twice, as
// `secrets set` asks it (a typo in a hidden value would otherwise be
// stored unseen); when the two differ nothing is stored and nothing typed
// is lost: the second stays to be corrected, and esc goes back to the
// first.
func (s *SecretsScreen) updateInput(msg tea.KeyMsg) tea.Cmd {
	if msg.Type != tea.KeyEnter {
		var cmd tea.Cmd
		s.input, cmd = s.input.Update(msg)
		return cmd
	}
	value := s.input.Value()
	sp := s.spec()
	if s.confirming {
		if value != s.first {
			s.msg.Set(s.ctx.T(
				"De to er ulike, så ingenting er lagret. Rett det du skrev nå (ctrl+u tømmer feltet), eller trykk esc for å gå tilbake til det første.",
				"The two differ, so nothing is stored. Correct what you typed now (ctrl+u empties the field), or press esc to go back to the first."), true)
			return nil
		}
		s.stopEditing()
		return s.setCmd(*sp, value)
	}
	var err error
	if strings.TrimSpace(value) == "" {
		err = errors.New(s.ctx.T("Skriv inn verdien, eller trykk esc for å avbryte.", "Type the value, or press esc to cancel."))
	} else if sp.Check != nil {
		err = sp.Check(value, s.ctx.Lang)
	}
	if err != nil {
		s.msg.Set(err.Error(), true)
		return nil // what was typed stays, so it can be corrected
	}
	s.first, s.confirming = value, true
	s.input.SetValue("")
	s.msg.Set(s.ctx.T("Skriv den igjen for å bekrefte (esc: tilbake til den første).", "Type it again to confirm (esc: back to the first)."), false)
	return nil
}

func (s *SecretsScreen) setCmd(sp SecretSpec, value string) tea.Cmd {
	name := sp.Name
	secrets, id, ref := s.deps.Secrets, s.ctx.Session.ID, secretRef(s.ctx.Session, name, s.deps.now())
	s.busy = true
	if sp.Verify != nil {
		s.msg.Set(s.ctx.T("Prøver verdien …", "Trying the value …"), false)
	} else {
		s.msg.Set(s.ctx.T("Lagrer i nøkkelringen …", "Storing in the keyring …"), false)
	}
	verify := sp.Verify
	return func() tea.Msg {
		if verify != nil {
			if err := verify(value); err != nil {
				return secretStoredMsg{sessionID: id, name: name, err: err, refused: true}
			}
		}
		return secretStoredMsg{sessionID: id, name: name, ref: ref, err: secrets.Set(id, name, value)}
	}
}

func (s *SecretsScreen) deleteCmd(name string) tea.Cmd {
	secrets, id := s.deps.Secrets, s.ctx.Session.ID
	s.busy = true
	return func() tea.Msg {
		return secretStoredMsg{sessionID: id, name: name, deleted: true, err: secrets.Delete(id, name)}
	}
}

func (s *SecretsScreen) label(name string) string {
	for _, sp := range s.specs {
		if sp.Name == name {
			return s.ctx.T(sp.LabelNB, sp.LabelEN)
		}
	}
	return name
}

func hasRef(sess *session.Session, name string) bool {
	for _, r := range sess.Secrets {
		if r.Name == name {
			return true
		}
	}
	return false
}

func secretRef(s *session.Session, name string, now time.Time) session.SecretRef {
	return session.SecretRef{
		Name: name, Store: "os-keyring", Service: store.KeyringService,
		Account: store.Account(s.ID, name), SetAt: now.UTC(),
	}
}

// Place names where the screen's secrets are kept: the OS keyring, or
// the encrypted file of --secrets-file.
func (s *SecretsScreen) Place() string { return store.SecretPlace(s.deps.Secrets, s.ctx.Lang) }

// Where tells the user where secrets keeps a secret (the OS keyring, or
// the encrypted file of --secrets-file), never what it is.
func Where(ctx *ui.Context, secrets store.Secrets, name string) string {
	return store.SecretWhere(secrets, ctx.Lang, ctx.Session.ID, name)
}

func (s *SecretsScreen) View() string {
	st := s.ctx.Styles()
	w := max(20, min(s.width, 100))
	var b strings.Builder
	if s.intro != "" {
		b.WriteString(ui.Wrap(s.intro, w) + "\n\n")
	}
	s.menu.SetItems(s.menuItems())
	b.WriteString(s.menu.View(st, s.width, 0) + "\n\n")
	// The input, the question or the error, and the message under it,
	// are the focus: below a long list they scroll into sight.
	var f strings.Builder
	switch {
	case s.keyErr != nil:
		f.WriteString(st.Error.Render(ui.Wrap(s.localize(s.keyErr), w)) + "\n")
	case s.editing:
		label := s.ctx.T(sp(s).LabelNB, sp(s).LabelEN)
		if s.confirming {
			label = fmt.Sprintf(s.ctx.T("%s, en gang til", "%s, once more"), label)
		}
		f.WriteString(ui.Wrap(label+":", w) + "\n" + s.input.View() + "\n")
	case s.confirm != nil:
		f.WriteString(s.confirm.View(st, w) + "\n")
	}
	if m := s.msg.View(st, w); m != "" {
		f.WriteString(m + "\n")
	}
	switch {
	case f.Len() == 0:
	case s.menu.Cursor >= 0 || s.asking():
		b.WriteString(ui.Focus(strings.TrimSuffix(f.String(), "\n")) + "\n")
	default: // the user is elsewhere on a screen this one is part of
		b.WriteString(f.String())
	}
	return b.String()
}

func sp(s *SecretsScreen) SecretSpec { return *s.spec() }

func (s *SecretsScreen) SetSize(w, h int) {
	s.width = w
	s.input.Width = max(10, min(w-4, 60))
}

func (s *SecretsScreen) KeyBindings() []key.Binding {
	switch {
	case s.editing && !s.confirming:
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", s.ctx.T("videre til bekreftelse", "on to confirm")))}
	case s.editing:
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", s.ctx.T("lagre", "store")))}
	case s.confirm != nil:
		return s.confirm.KeyBindings()
	}
	return []key.Binding{s.menu.Keys.Up, s.menu.Keys.Choose, s.keys.del, s.keys.next}
}

func (s *SecretsScreen) Done() bool    { return s.done }
func (s *SecretsScreen) Editing() bool { return s.editing }
func (s *SecretsScreen) Field() string {
	if sp := s.spec(); sp != nil {
		return "secret." + sp.Name
	}
	return ""
}
