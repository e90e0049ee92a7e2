package ui

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
)

// Prompter asks questions as plain lines of text, one after another: the
// accessible mode, for screen readers and simple terminals. Every text it
// prints itself is in its language (nb or en), so nothing of a prompt
// library's English reaches a Norwegian user. It knows nothing of what it
// asks: the steps say that (see Step's screens and ScreenSpec.Ask).
//
// Each question says how to answer it; an answer already stored is named
// and kept by an empty line. A wrong answer is said with the checker's
// message and the question is asked again. End of input, or Stop, ends
// the asking with ErrStopped: the caller saves what was answered.
type Prompter struct {
	Lang string
	out  io.Writer
	in   *bufio.Reader
	// ReadSecret reads a line without showing it (nil: a plain line, as
	// when the input is a pipe).
	ReadSecret func() (string, error)
	// Stop, when closed, ends a question being asked with ErrStopped (an
	// interrupt); nil: never.
	Stop <-chan struct{}
	// Answered is called after each answer is stored (nil: nothing), so
	// the caller can save as it goes.
	Answered func()
}

// ErrStopped is returned when the input ended or the asking was stopped.
var ErrStopped = errors.New("ui: asking stopped")

// NewPrompter asks on out, reading answers from in.
func NewPrompter(in io.Reader, out io.Writer, lang string) *Prompter {
	return &Prompter{Lang: lang, out: out, in: bufio.NewReader(in)}
}

func (p *Prompter) t(nb, en string) string { return T(p.Lang, nb, en) }

// Say prints text, then an empty line.
func (p *Prompter) Say(text string) {
	if text = strings.TrimSpace(text); text != "" {
		fmt.Fprintln(p.out, text)
		fmt.Fprintln(p.out)
	}
}

// Heading prints a heading and what it is about (may be empty): a group
// of questions starts with one, so a screen reader says where the user is.
func (p *Prompter) Heading(title, about string) {
	fmt.Fprintln(p.out)
	fmt.Fprintln(p.out, "## "+strings.TrimSpace(title))
	if about = strings.TrimSpace(about); about != "" {
		fmt.Fprintln(p.out, about)
	}
	fmt.Fprintln(p.out)
}

// readLine reads one line, without its end; io.EOF (with no text) or a
// Stop ends it with ErrStopped.
func (p *Prompter) readLine(secret bool) (string, error) {
	type result struct {
		s   string
		err error
	}
	ch := make(chan result, 1)
	go func() {
		if secret && p.ReadSecret != nil {
			s, err := p.ReadSecret()
			fmt.Fprintln(p.out)
			ch <- result{s, err}
			return
		}
		s, err := p.in.ReadString('\n')
		if err == io.EOF && s != "" {
			err = nil
		}
		ch <- result{strings.TrimRight(s, "\r\n"), err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			if errors.Is(r.err, io.EOF) {
				return "", ErrStopped
			}
			return "", r.err
		}
		return r.s, nil
	case <-p.Stop:
		return "", ErrStopped
	}
}

// ask prints the question's lines and a prompt, and reads the answer.
func (p *Prompter) ask(lines []string, prompt string, secret bool) (string, error) {
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			fmt.Fprintln(p.out, l)
		}
	}
	fmt.Fprint(p.out, prompt+": ")
	return p.readLine(secret)
}

func (p *Prompter) wrong(err error) {
	fmt.Fprintln(p.out, p.t("Feil: ", "Error: ")+errText(err, p.Lang))
	fmt.Fprintln(p.out)
}

// took says whether set took an answer: a wrong one is said (and the
// question is to be asked again).
func (p *Prompter) took(err error) bool {
	if err != nil {
		p.wrong(err)
		return false
	}
	p.answered()
	return true
}

func (p *Prompter) answered() {
	fmt.Fprintln(p.out)
	if p.Answered != nil {
		p.Answered()
	}
}

// stored names an answer already given, or "".
func (p *Prompter) stored(shown string) string {
	if shown == "" {
		return ""
	}
	return p.t("Lagret svar: ", "Stored answer: ") + termtext.Line(shown) + p.t(". Tom linje beholder det.", ". An empty line keeps it.")
}

// Line asks for one line of text. current is the stored answer ("" for
// none): an empty line keeps it, "-" empties it. set checks and stores
// an answer, returning a message to say when it is wrong.
func (p *Prompter) Line(title, about, current string, set func(string) error) error {
	hint := ""
	if current != "" {
		hint = p.stored(current) + p.t(" En strek (-) tømmer feltet.", " A dash (-) empties the field.")
	}
	for {
		s, err := p.ask([]string{about, hint}, title, false)
		if err != nil {
			return err
		}
		s = strings.TrimSpace(s)
		switch {
		case s == "" && current != "":
			s = current
		case s == "-" && current != "":
			s = ""
		}
		if p.took(set(s)) {
			return nil
		}
	}
}

// Text asks for text that may span several lines: the lines up to one
// holding only a full stop. A full stop alone first keeps the stored
// answer (current).
func (p *Prompter) Text(title, about, current string, set func(string) error) error {
	how := p.t("Skriv så mange linjer du vil, og avslutt med en linje med bare et punktum (.).",
		"Write as many lines as you like, and end with a line holding only a full stop (.).")
	if current != "" {
		how += " " + p.t("Lagret svar: ", "Stored answer: ") + termtext.Line(current) +
			p.t(". Bare et punktum først beholder det.", ". A full stop alone first keeps it.")
	}
	for {
		first, err := p.ask([]string{about, how}, title, false)
		if err != nil {
			return err
		}
		var lines []string
		for l := first; strings.TrimSpace(l) != "."; {
			lines = append(lines, l)
			if l, err = p.readLine(false); err != nil {
				return err
			}
		}
		s := strings.TrimSpace(strings.Join(lines, "\n"))
		if len(lines) == 0 && current != "" {
			s = current
		}
		if p.took(set(s)) {
			return nil
		}
	}
}

// Option is one answer of a choice: its name and, when there is more to
// say, what it means.
type Option struct {
	Label, About string
}

func (p *Prompter) list(opts []Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = fmt.Sprintf("%d. %s", i+1, o.Label)
		if o.About != "" {
			out[i] += " – " + o.About
		}
	}
	return out
}

// Choice asks for one of opts by its number. current is the index of the
// stored answer, or -1; an empty line keeps it. set checks and stores the
// chosen index.
func (p *Prompter) Choice(title, about string, opts []Option, current int, set func(int) error) error {
	lines := append([]string{about}, p.list(opts)...)
	if current >= 0 && current < len(opts) {
		lines = append(lines, p.stored(opts[current].Label))
	}
	prompt := fmt.Sprintf(p.t("%s (skriv et nummer fra 1 til %d)", "%s (type a number from 1 to %d)"), title, len(opts))
	for {
		s, err := p.ask(lines, prompt, false)
		if err != nil {
			return err
		}
		i := current
		if s = strings.TrimSpace(s); s != "" || current < 0 {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 || n > len(opts) {
				p.wrong(fmt.Errorf(p.t("skriv et nummer fra 1 til %d", "type a number from 1 to %d"), len(opts)))
				continue
			}
			i = n - 1
		}
		if p.took(set(i)) {
			return nil
		}
	}
}

// Choices asks for any number of opts by their numbers. current are the
// indexes of the stored answer (nil: none); an empty line keeps them, "0"
// chooses none.
func (p *Prompter) Choices(title, about string, opts []Option, current []int, set func([]int) error) error {
	lines := append([]string{about}, p.list(opts)...)
	lines = append(lines, p.t("Skriv numrene du velger, skilt med mellomrom eller komma (for eksempel 1 3); 0 velger ingen.",
		"Type the numbers you choose, separated by spaces or commas (for example 1 3); 0 chooses none."))
	if len(current) > 0 {
		var names []string
		for _, i := range current {
			names = append(names, opts[i].Label)
		}
		lines = append(lines, p.stored(strings.Join(names, ", ")))
	}
	for {
		s, err := p.ask(lines, title, false)
		if err != nil {
			return err
		}
		picked, err := p.numbers(s, len(opts))
		if err != nil {
			p.wrong(err)
			continue
		}
		if strings.TrimSpace(s) == "" && len(current) > 0 {
			picked = current
		}
		if p.took(set(picked)) {
			return nil
		}
	}
}

// numbers reads "1 3" or "1,3" as indexes 0 and 2, in the options' order.
func (p *Prompter) numbers(s string, n int) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
		k, err := strconv.Atoi(f)
		if f == "0" {
			continue
		}
		if err != nil || k < 1 || k > n {
			return nil, fmt.Errorf(p.t("%q er ikke et nummer fra 1 til %d", "%q is not a number from 1 to %d"), termtext.Line(f), n)
		}
		if !slices.Contains(out, k-1) {
			out = append(out, k-1)
		}
	}
	slices.Sort(out)
	return out, nil
}

// YesNo asks a yes-or-no question: j, ja, y or yes; n, nei or no. current
// is the stored answer (nil: none); an empty line keeps it.
func (p *Prompter) YesNo(title, about string, current *bool) (bool, error) {
	var lines []string
	if about != "" {
		lines = append(lines, about)
	}
	if current != nil {
		lines = append(lines, p.stored(map[bool]string{true: p.t("ja", "yes"), false: p.t("nei", "no")}[*current]))
	}
	prompt := title + p.t(" (j/n)", " (y/n)")
	for {
		s, err := p.ask(lines, prompt, false)
		if err != nil {
			return false, err
		}
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "j", "ja", "y", "yes":
			p.answered()
			return true, nil
		case "n", "nei", "no":
			p.answered()
			return false, nil
		case "":
			if current != nil {
				p.answered()
				return *current, nil
			}
		}
		p.wrong(errors.New(p.t("svar j (ja) eller n (nei)", "answer y (yes) or n (no)")))
	}
}

// Secret asks for a secret without showing it when the input is a
// terminal (ReadSecret), where it is asked twice. stored says one is kept already: an empty line
// keeps it, and the answer is then "". set checks and stores a value;
// its message must never repeat the value.
func (p *Prompter) Secret(title, about string, stored bool, set func(string) error) error {
	return p.secret(title, about, stored, true, set)
}

// Password asks, like Secret, for a password that opens something the
// program tries it on at once (a .p12 file): a wrong one is told by set,
// so it is asked once, not twice.
func (p *Prompter) Password(title, about string, set func(string) error) error {
	return p.secret(title, about, false, false, set)
}

func (p *Prompter) secret(title, about string, stored, confirm bool, set func(string) error) error {
	lines := []string{about}
	if stored {
		lines = append(lines, p.t("Et svar er lagret. Tom linje beholder det.", "A value is stored. An empty line keeps it."))
	}
	if p.ReadSecret != nil {
		lines = append(lines, p.t("Det du skriver, vises ikke.", "What you type is not shown."))
	}
	for {
		s, err := p.ask(lines, title, true)
		if err != nil {
			return err
		}
		if s == "" && stored {
			p.answered()
			return nil
		}
		if s != "" && confirm && p.ReadSecret != nil {
			// Typed blind: asked a second time, as `secrets set` does,
			// and nothing is stored until the two agree.
			again, err := p.ask(nil, title+p.t(", en gang til", ", once more"), true)
			if err != nil {
				return err
			}
			if again != s {
				p.wrong(errors.New(p.t("De to er ulike, så ingenting er lagret. Skriv den på nytt.", "The two differ, so nothing is stored. Type it again.")))
				continue
			}
		}
		if p.took(set(s)) {
			return nil
		}
	}
}
