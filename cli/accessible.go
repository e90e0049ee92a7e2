package cli

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"golang.org/x/term"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/steps"
	"github.com/altinn-onboard/altinn-onboard/store"
	"github.com/altinn-onboard/altinn-onboard/ui"
)

// accessibleRun asks the steps of the session's track as plain line
// prompts (steps.AskSteps through a ui.Prompter), for screen readers and
// simple terminals: the same questions the terminal UI draws, every
// step. It saves after every answer; Ctrl+C or the end of the input
// saves what was answered and says how to go on.
func accessibleRun(opts *wizardOptions, st *store.Store, uiOpts ui.Options, deps steps.Deps) error {
	p := ui.NewPrompter(opts.In, opts.Out, opts.Lang)
	restore := promptTerminal(opts, p)
	defer restore()
	stop := make(chan struct{})
	p.Stop = stop
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)
	go func() {
		if _, ok := <-sigs; ok {
			close(stop)
		}
	}()

	if uiOpts.ResumeID == "" {
		// The first run offers the profile, as the picker does.
		if err := offerProfile(opts, st, p); err != nil {
			return stoppedOr(opts, err)
		}
	}
	sess, err := accessibleSession(opts, st, uiOpts, p)
	if err != nil {
		return stoppedOr(opts, err)
	}
	track := uiOpts.Tracks.Find(sess.Track)
	if track == nil {
		return &exitError{2, fmt.Errorf(opts.t("økten følger et spor dette programmet ikke kjenner (%q)", "the session follows a track this program does not know (%q)"), sess.Track)}
	}
	if track.Notice != nil {
		p.Say(track.Notice(opts.Lang))
	}
	sess, lock, err := st.LoadLocked(sess.ID)
	if err != nil {
		return err
	}
	defer lock.Release()
	var saveErr error
	save := func() {
		if err := st.Save(sess); err != nil && saveErr == nil {
			saveErr = fmt.Errorf("saving session %q: %w", sess.Name, err)
		}
	}
	p.Answered = save
	ctx := &ui.Context{Session: sess, Lang: opts.Lang, Accessible: true, NoColor: true, Width: 80, Height: 24, Track: track}
	err = steps.AskSteps(ctx, p, deps)
	save()
	if saveErr != nil {
		return saveErr
	}
	var noPlain *steps.NoPlainVersionError
	if errors.As(err, &noPlain) {
		return &exitError{2, errors.New(noPlain.Text(opts.Lang))}
	}
	if errors.Is(err, ui.ErrStopped) {
		fmt.Fprintf(opts.Out, "\n"+opts.t("Stoppet. Svarene er lagret. Fortsett med: %s resume %q --accessible\n", "Stopped. Your answers are saved. Continue with: %s resume %q --accessible\n"), opts.command(), sess.Name)
		return &exitError{130, errors.New(opts.t("avbrutt", "aborted"))}
	}
	return err
}

// stoppedOr turns a stop before any session is open into exit 130.
func stoppedOr(opts *wizardOptions, err error) error {
	if errors.Is(err, ui.ErrStopped) {
		return &exitError{130, errors.New(opts.t("avbrutt", "aborted"))}
	}
	return err
}

// accessibleSession is the session to ask: the one to resume, or a new
// one by the name the user gives; a name already in use offers to resume
// that session.
func accessibleSession(opts *wizardOptions, st *store.Store, uiOpts ui.Options, p *ui.Prompter) (*session.Session, error) {
	if uiOpts.ResumeID != "" {
		sess, err := st.Load(uiOpts.ResumeID)
		if err == nil {
			p.Say(fmt.Sprintf(opts.t("Fortsetter økten «%s». Det som er lagret, leses opp; en tom linje beholder et svar.", "Resuming the session %q. What is stored is read out; an empty line keeps an answer."), sess.Name))
		}
		return sess, err
	}
	for {
		name := ""
		err := p.Line(opts.t("Navn på økten", "Name of the session"),
			opts.t("For eksempel kundens eller systemets navn.", "For example the client's or the system's name."), "",
			func(s string) error {
				if err := store.CheckName(s); err != nil {
					return errors.New(localized(err, opts.Lang))
				}
				name = s
				return nil
			})
		if err != nil {
			return nil, err
		}
		if old, err := st.Resolve(name); err == nil && old.Name == name {
			resume, err := p.YesNo(fmt.Sprintf(opts.t("Det finnes alt en økt som heter «%s». Fortsette den?", "A session named %q exists already. Resume it?"), name), "", nil)
			if err != nil {
				return nil, err
			}
			if resume {
				p.Say(opts.t("Det som er lagret, leses opp; en tom linje beholder et svar.", "What is stored is read out; an empty line keeps an answer."))
				return old, nil
			}
			p.Say(opts.t("Velg et annet navn.", "Choose another name."))
			continue
		}
		track, err := chooseTrack(opts, uiOpts.Tracks, p)
		if err != nil {
			return nil, err
		}
		sess, err := st.Create(name, track)
		if err != nil {
			return nil, err
		}
		p.Say(fmt.Sprintf(opts.t("Økten «%s» er laget.", "The session %q is made."), sess.Name))
		return sess, nil
	}
}

// chooseTrack asks which track a new session follows, when there are
// several; an empty line takes the first, as `sessions new` does.
func chooseTrack(opts *wizardOptions, tracks ui.Tracks, p *ui.Prompter) (string, error) {
	if len(tracks) == 1 {
		return tracks[0].ID, nil
	}
	options := make([]ui.Option, len(tracks))
	for i, t := range tracks {
		options[i] = ui.Option{Label: t.Title(opts.Lang)}
		if t.Description != nil {
			options[i].About = t.Description(opts.Lang)
		}
	}
	pick := 0
	err := p.Choice(opts.t("Spor", "Track"), opts.t("Hvilken vei gjennom onboardingen følger økten?", "Which way through the onboarding does the session follow?"),
		options, 0, func(i int) error { pick = i; return nil })
	return tracks[pick].ID, err
}

// localized is an error's text in lang when it has one.
func localized(err error, lang string) string {
	var l store.Localized
	if errors.As(err, &l) {
		return l.Text(lang)
	}
	return err.Error()
}

// promptTerminal makes secrets read without echo when the input is a
// terminal, and returns what puts the terminal back as it was (an
// interrupt while a secret is read must not leave echo off).
func promptTerminal(opts *wizardOptions, p *ui.Prompter) func() {
	f, ok := opts.In.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	fd := int(f.Fd())
	state, err := term.GetState(fd)
	p.ReadSecret = func() (string, error) {
		b, err := term.ReadPassword(fd)
		return string(b), err
	}
	if err != nil {
		return func() {}
	}
	return func() { term.Restore(fd, state) }
}
