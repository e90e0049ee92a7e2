package brreg

import (
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"sync"
	"time"

	"github.com/altinn-onboard/altinn-onboard/internal/atomicfile"
	"github.com/altinn-onboard/altinn-onboard/internal/safefile"
)

// CacheFile is the cache's name inside its folder.
const CacheFile = "enhetsregisteret.json"

// CacheTTL is how long an answer is kept.
const CacheTTL = 24 * time.Hour

// maxCache bounds the cache file: a few thousand units.
const maxCache = 8 << 20

// cacheFile is the cache on disk: answers by "base|orgnr".
type cacheFile struct {
	Version int              `json:"version"`
	Entries map[string]entry `json:"entries"`
}

type entry struct {
	Unit    Unit      `json:"unit"`
	Fetched time.Time `json:"fetched"`
}

// cache keeps a day's answers in memory and, when dir is set, in a 0600
// file in dir (0700). A file it cannot read (corrupt, too large, a link,
// not a regular file) is left as it is, never written over, and reported
// once through problemOnce.
type cache struct {
	dir string

	mu       sync.Mutex
	loaded   bool
	broken   bool // the file is not ours to replace
	problem  *Error
	reported bool
	mem      map[string]entry
}

func (c *cache) path() string { return filepath.Join(c.dir, CacheFile) }

func (c *cache) load() {
	if c.loaded || c.dir == "" {
		c.loaded = true
		return
	}
	c.loaded = true
	data, err := safefile.ReadNoFollow(c.path(), maxCache)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return
		}
		c.fail(err)
		return
	}
	var f cacheFile
	if err := json.Unmarshal(data, &f); err != nil || f.Version != 1 {
		if err == nil {
			err = errors.New("unknown version")
		}
		c.fail(err)
		return
	}
	for k, e := range f.Entries {
		c.mem[k] = e
	}
}

func (c *cache) fail(err error) {
	c.broken = true
	c.problem = &Error{Kind: KindCache, URL: c.path(), Err: err}
}

func (c *cache) get(key string, now time.Time) (Unit, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.load()
	e, ok := c.mem[key]
	if !ok || now.Sub(e.Fetched) >= CacheTTL || e.Fetched.After(now) {
		return Unit{}, false
	}
	return e.Unit, true
}

func (c *cache) put(key string, u Unit, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.load()
	c.mem[key] = entry{Unit: u, Fetched: now}
	if c.dir == "" || c.broken {
		return
	}
	f := cacheFile{Version: 1, Entries: map[string]entry{}}
	for k, e := range c.mem {
		if now.Sub(e.Fetched) < CacheTTL {
			f.Entries[k] = e
		}
	}
	data, err := json.Marshal(f)
	if err == nil {
		if _, err = atomicfile.MakeDir(c.dir); err == nil {
			err = atomicfile.WriteFile(c.path(), data)
		}
	}
	if err != nil {
		c.fail(err)
	}
}

func (c *cache) problemOnce() *Error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.problem == nil || c.reported {
		return nil
	}
	c.reported = true
	return c.problem
}
