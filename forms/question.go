package forms

import (
	"errors"
	"slices"

	"github.com/charmbracelet/huh"
)

// Accessible mode asks the same forms the terminal UI draws, field by
// field, as plain line prompts. A form built by this package describes
// each of its fields as a Question (Questions): the key, title,
// description, kind, options and the value the field is bound to, and a
// setter that checks an answer with the field's own validator (the rule
// Check applies at the key) before it stores it. Nothing here prints:
// asking is the caller's (steps.AskForm, through a ui.Prompter).

// QuestionKind is what kind of answer a field takes.
type QuestionKind int

const (
	// AskLine is one line of text.
	AskLine QuestionKind = iota
	// AskText is text that may span several lines.
	AskText
	// AskChoice is one of the options.
	AskChoice
	// AskChoices is any number of the options.
	AskChoices
	// AskYesNo is yes or no; the options are yes, then no.
	AskYesNo
)

// Choice is one option of a choice: what it is called, the value stored,
// and what it means when the form says more (may be empty).
type Choice struct {
	Label, Value, Description string
}

// Answer values of an AskYesNo question.
const (
	AnswerYes = "yes"
	AnswerNo  = "no"
)

// Question is one field of a form, as accessible mode asks it.
type Question struct {
	// Key is the field's key: the answers-file path Check reports.
	Key         string
	Title       string
	Description string
	Kind        QuestionKind
	// Options are the answers of a choice. A select's "Choose …" entry,
	// which stands for no answer, is not among them.
	Options []Choice

	shown func() bool
	get   func() []string
	set   func([]string) error
}

// Shown says the field is asked now: a field can hide inside its form
// (the technical contact's name while "none" is chosen). Ask in order,
// and ask each time: an answer can show or hide the fields after it.
func (q Question) Shown() bool { return q.shown == nil || q.shown() }

// Value is the stored answer: one value for a line, a text, a choice
// (an option's Value) or a yes/no (AnswerYes or AnswerNo), the values
// ticked for a multiple choice; nil when there is none.
func (q Question) Value() []string { return q.get() }

// Set checks an answer (in Value's form) with the field's validator and
// stores it when it is good; otherwise it returns the validator's message
// in the form's language and stores nothing.
func (q Question) Set(v []string) error { return q.set(v) }

// FormQuestions is a form built by this package as questions.
type FormQuestions struct {
	// Title and Description are the form's heading ("Leverandøren") and
	// what it is about.
	Title, Description string
	Questions          []Question
}

// Questions are the fields of a form built by this package, in order,
// with the form's heading. It reports false for any other form.
func Questions(f *huh.Form) (FormQuestions, bool) {
	if f == nil {
		return FormQuestions{}, false
	}
	fl, ok := f.GetFocusedField().(*field)
	if !ok {
		return FormQuestions{}, false
	}
	st := fl.st
	out := FormQuestions{Title: st.title, Description: st.desc}
	for _, f := range st.fields {
		q := f.question
		q.shown = f.shown
		out.Questions = append(out.Questions, q)
	}
	return out, true
}

// errOneValue is a program error: a question that takes one value was
// given none or several.
var errOneValue = errors.New("forms: this question takes one value")

func one(v []string) (string, error) {
	if len(v) != 1 {
		return "", errOneValue
	}
	return v[0], nil
}

// textQuestion is a question whose answer is text, bound through acc.
func textQuestion(kind QuestionKind, key, title, desc string, acc huh.Accessor[string], validate func(string) error) Question {
	return Question{
		Key: key, Title: title, Description: desc, Kind: kind,
		get: func() []string {
			if v := acc.Get(); v != "" {
				return []string{v}
			}
			return nil
		},
		set: func(v []string) error {
			s, err := one(v)
			if err != nil {
				return err
			}
			if validate != nil {
				if err := validate(s); err != nil {
					return err
				}
			}
			acc.Set(s)
			return nil
		},
	}
}

// choices are a select's options as a question's: the entry with the
// empty value ("Choose …") stands for no answer and is left out.
func choices(opts []huh.Option[string], about map[string]string) []Choice {
	out := make([]Choice, 0, len(opts))
	for _, o := range opts {
		if o.Value != "" {
			out = append(out, Choice{Label: o.Key, Value: o.Value, Description: about[o.Value]})
		}
	}
	return out
}

// choiceQuestion is a select's question: the answer must be one of the
// options.
func choiceQuestion(key, title, desc string, opts []huh.Option[string], acc huh.Accessor[string], validate func(string) error) Question {
	q := textQuestion(AskChoice, key, title, desc, acc, func(v string) error {
		if !slices.ContainsFunc(opts, func(o huh.Option[string]) bool { return o.Value == v }) {
			return errNotAnOption
		}
		if validate != nil {
			return validate(v)
		}
		return nil
	})
	q.Options = choices(opts, nil)
	return q
}

// errNotAnOption is a program error: a choice set to a value none of its
// options has (the prompter only offers the options).
var errNotAnOption = errors.New("forms: not one of the options")

// multiQuestion is a multi-select's question, bound to p.
func multiQuestion(key, title, desc string, opts []huh.Option[string], about map[string]string, p *[]string, validate func([]string) error) Question {
	return Question{
		Key: key, Title: title, Description: desc, Kind: AskChoices,
		Options: choices(opts, about),
		get: func() []string {
			if len(*p) == 0 {
				return nil
			}
			return slices.Clone(*p)
		},
		set: func(v []string) error {
			for _, x := range v {
				if !slices.ContainsFunc(opts, func(o huh.Option[string]) bool { return o.Value == x }) {
					return errNotAnOption
				}
			}
			if err := validate(v); err != nil {
				return err
			}
			*p = slices.Clone(v)
			return nil
		},
	}
}

// yesNoQuestion is a yes/no select's question, bound to p.
func (b *builder) yesNoQuestion(key, title, desc string, p **bool, validate func(answer) error) Question {
	return Question{
		Key: key, Title: title, Description: desc, Kind: AskYesNo,
		Options: []Choice{{Label: b.tr("Ja", "Yes"), Value: AnswerYes}, {Label: b.tr("Nei", "No"), Value: AnswerNo}},
		get: func() []string {
			switch answerOf(*p) {
			case yes:
				return []string{AnswerYes}
			case no:
				return []string{AnswerNo}
			}
			return nil
		},
		set: func(v []string) error {
			s, err := one(v)
			if err != nil {
				return err
			}
			a := no
			switch s {
			case AnswerYes:
				a = yes
			case AnswerNo:
			default:
				return errNotAnOption
			}
			if err := validate(a); err != nil {
				return err
			}
			*p = a.bool()
			return nil
		},
	}
}

// pick adds a select bound through acc whose every option is a good
// answer (no validator: the options are the rule).
func (b *builder) pick(key string, acc huh.Accessor[string], title, desc string, opts []huh.Option[string], hidden func() bool) {
	sel := huh.NewSelect[string]().Key(key).Title(title).Options(opts...).Accessor(acc)
	if desc != "" {
		sel.Description(desc)
	}
	f := b.add(sel, hidden)
	f.question = choiceQuestion(key, title, desc, opts, acc, nil)
}

// choice adds a select bound to p whose value is a text answer; it
// validates with the rule of its key.
func (b *builder) choice(key string, p *string, title, desc string, opts []huh.Option[string], hidden func() bool) {
	validate := b.st.choice(key)
	acc := huh.NewPointerAccessor(p)
	sel := huh.NewSelect[string]().Key(key).Title(title).Description(desc).Options(opts...).Accessor(acc).Validate(validate)
	f := b.add(sel, hidden)
	f.probe = func(v any) error { return validate(v.(string)) }
	f.question = choiceQuestion(key, title, desc, opts, acc, validate)
}

// inputWith adds a one-line text field bound through acc that validates
// with validate.
func (b *builder) inputWith(key string, acc huh.Accessor[string], title, desc, placeholder string, validate func(string) error) {
	f := b.add(huh.NewInput().Key(key).Title(title).Description(desc).Placeholder(placeholder).Accessor(acc).Validate(validate), nil)
	f.probe = func(v any) error { return validate(v.(string)) }
	f.question = textQuestion(AskLine, key, title, desc, acc, validate)
}
