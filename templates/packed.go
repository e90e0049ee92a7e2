package templates

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"io"
	"sync"
	syncatomic "sync/atomic"
	"time"
)

// packed keeps the compressed form of the parts writeFilled compressed
// without changing them (the built-in templates store their parts
// uncompressed): the two documents share most of theirs (styles,
// settings, fonts, relationships, content types), which are so
// compressed once a run instead of once a document. A part is kept as
// the header and compressed data of the entry of the document it was
// first written into, and written raw from there as zip.Writer.Copy
// writes an entry: the same header, data and data descriptor archive/zip
// writes when it compresses the part again. Bounded: cleared when full.
var packed = packedCache{m: map[packedKey]*packedPart{}}

// partsCompressed counts the parts writeFilled compressed, for the test
// that a part both documents share is compressed once.
var partsCompressed syncatomic.Int64

const packedCacheSize = 64

type packedKey struct {
	name     string
	modified string // the time with its zone: both go into the header
	sum      [sha256.Size]byte
}

type packedCache struct {
	sync.Mutex
	m map[packedKey]*packedPart
}

type packedPart struct {
	header zip.FileHeader
	raw    []byte // the compressed data
}

// copyTo writes the part into zw as zip.Writer.Copy would copy its entry
// (without Copy's 32 kB buffer).
func (p *packedPart) copyTo(zw *zip.Writer) error {
	h := p.header
	w, err := zw.CreateRaw(&h)
	if err != nil {
		return err
	}
	_, err = w.Write(p.raw)
	return err
}

func packedKeyOf(name string, modified time.Time, content []byte) packedKey {
	return packedKey{name: name, modified: modified.Format(time.RFC3339Nano), sum: sha256.Sum256(content)}
}

func (c *packedCache) get(k packedKey) *packedPart {
	c.Lock()
	defer c.Unlock()
	return c.m[k]
}

// keep stores the named parts of a document writeFilled has just
// written (zipped) in packed. Their data is copied: the document is the
// caller's to change.
func (c *packedCache) keep(zipped []byte, keys map[string]packedKey) {
	if len(keys) == 0 {
		return
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		return
	}
	c.Lock()
	defer c.Unlock()
	for _, f := range zr.File {
		k, ok := keys[f.Name]
		if !ok {
			continue
		}
		r, err := f.OpenRaw()
		if err != nil {
			continue
		}
		raw := make([]byte, f.CompressedSize64)
		if _, err := io.ReadFull(r, raw); err != nil {
			continue
		}
		if len(c.m) >= packedCacheSize {
			clear(c.m)
		}
		c.m[k] = &packedPart{header: f.FileHeader, raw: raw}
	}
}
