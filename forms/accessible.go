package forms

import (
	"bufio"
	"io"
)

// LineByLine wraps the input of a form run in accessible mode so that each
// Read returns at most one line. huh v1 reads every prompt's answer through
// a new bufio.Scanner on the same reader; on a pipe or a file the first
// scanner reads ahead and swallows the answers to the later prompts, which
// then see end of input. A terminal in line mode already delivers one line
// per read, so wrapping it changes nothing.
//
//	form.WithInput(forms.LineByLine(os.Stdin))
func LineByLine(r io.Reader) io.Reader {
	return &lineReader{br: bufio.NewReader(r)}
}

type lineReader struct {
	br      *bufio.Reader
	pending []byte
}

func (l *lineReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if len(l.pending) == 0 {
		line, err := l.br.ReadBytes('\n')
		if len(line) == 0 {
			return 0, err
		}
		l.pending = line
	}
	n := copy(p, l.pending)
	l.pending = l.pending[n:]
	return n, nil
}
