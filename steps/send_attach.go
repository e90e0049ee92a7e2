package steps

// The attachments of an e-mail about to be sent, for showing what goes.

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"

	"github.com/altinn-onboard/altinn-onboard/internal/termtext"
)

// maxAttachmentsShown bounds the list: the program's e-mails carry a few.
const maxAttachmentsShown = 20

// attachmentsOf names the attachments of msg with their sizes
// ("bestilling.docx (12 kB)"), in order; none for a message that is not
// multipart. Only the top level is read, as the program composes them.
func attachmentsOf(msg []byte) []string {
	m, err := mail.ReadMessage(bytes.NewReader(msg))
	if err != nil {
		return nil
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") || params["boundary"] == "" {
		return nil
	}
	r := multipart.NewReader(m.Body, params["boundary"])
	var out []string
	for len(out) < maxAttachmentsShown {
		p, err := r.NextRawPart()
		if err != nil {
			break
		}
		disp, dp, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
		if err != nil || disp != "attachment" {
			continue
		}
		var body io.Reader = p
		switch strings.ToLower(p.Header.Get("Content-Transfer-Encoding")) {
		case "base64":
			body = base64.NewDecoder(base64.StdEncoding, p)
		case "quoted-printable":
			body = quotedprintable.NewReader(p)
		}
		n, _ := io.Copy(io.Discard, body)
		out = append(out, fmt.Sprintf("%s (%s)", termtext.Line(dp["filename"]), sizeText(n)))
	}
	return out
}

// sizeText is a size the way a mail program shows it.
func sizeText(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1024*1024:
		return fmt.Sprintf("%d kB", (n+512)/1024)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1024*1024))
}
