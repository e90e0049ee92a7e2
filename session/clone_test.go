package session_test

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/altinn-onboard/altinn-onboard/session"
	"github.com/altinn-onboard/altinn-onboard/session/sessiontest"
)

// fill sets every field reachable from v to something not zero: two
// elements in every slice and map, every pointer set. A field added to
// Session later is filled too, so TestCloneSharesNothing checks it.
func fill(v reflect.Value, n int) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x" + string(rune('a'+n%26)))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		if v.Type() == reflect.TypeFor[time.Duration]() {
			v.SetInt(int64(time.Second))
		} else {
			v.SetInt(int64(n + 1))
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n+i)
		}
	case reflect.Map:
		v.Set(reflect.MakeMap(v.Type()))
		for i := range 2 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, n+i)
			fill(e, n+i)
			v.SetMapIndex(k, e)
		}
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			v.Set(reflect.ValueOf(time.Date(2026, 11, 25, 10, 30, n, 0, time.UTC)))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), n+i)
			}
		}
	}
}

// shared fails for every slice, map or pointer the two values share.
func shared(t *testing.T, path string, a, b reflect.Value) {
	t.Helper()
	switch a.Kind() {
	case reflect.Pointer:
		if a.IsNil() {
			return
		}
		if a.Pointer() == b.Pointer() {
			t.Errorf("%s: the copy shares the pointer", path)
		}
		shared(t, path, a.Elem(), b.Elem())
	case reflect.Slice:
		if a.Len() > 0 && a.Pointer() == b.Pointer() {
			t.Errorf("%s: the copy shares the slice", path)
		}
		for i := range min(a.Len(), b.Len()) {
			shared(t, path+"[]", a.Index(i), b.Index(i))
		}
	case reflect.Map:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			t.Errorf("%s: the copy shares the map", path)
		}
	case reflect.Struct:
		if a.Type() == reflect.TypeFor[time.Time]() {
			return // its *Location is never changed
		}
		for i := range a.NumField() {
			shared(t, path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
		}
	}
}

func TestCloneSharesNothing(t *testing.T) {
	var s session.Session
	fill(reflect.ValueOf(&s).Elem(), 0)
	c := s.Clone()
	if !reflect.DeepEqual(&s, c) {
		t.Fatalf("the copy differs:\n%+v\n%+v", s, *c)
	}
	shared(t, "Session", reflect.ValueOf(s), reflect.ValueOf(*c))
	// Changing the copy leaves the original as it was.
	c.Answers.System.Services[0].Environments[0] = "changed"
	c.Testing.Checklist[1].Receipt = false
	*c.Answers.Declaration.UsesPrefill = false
	c.Sent[0].To[0] = "changed"
	for k := range c.Steps {
		delete(c.Steps, k)
	}
	if s.Answers.System.Services[0].Environments[0] == "changed" || !s.Testing.Checklist[1].Receipt ||
		!*s.Answers.Declaration.UsesPrefill || len(s.Steps) != 2 || s.Sent[0].To[0] == "changed" {
		t.Fatal("changing the copy changed the original")
	}
}

// The copy encodes to the same bytes, nil and empty lists apart.
func TestCloneEncodesTheSame(t *testing.T) {
	now := time.Date(2026, 11, 25, 10, 30, 0, 0, time.UTC)
	empty := session.New("Tom", now)
	empty.Answers.System.Interfaces = []string{}
	empty.Answers.System.Services = []session.Service{{Code: "1", Environments: []string{}}}
	var filled session.Session
	fill(reflect.ValueOf(&filled).Elem(), 0)
	for name, s := range map[string]*session.Session{"full": sessiontest.Full(now), "empty lists": empty, "every field": &filled} {
		want, err := session.Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := session.Encode(s.Clone())
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the copy encodes differently:\n%s\n%s", name, got, want)
		}
	}
}
