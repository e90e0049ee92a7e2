//go:build (dragonfly && cgo) || (freebsd && cgo) || linux || netbsd || openbsd

// This build constraint is the one go-keyring uses for its Secret Service
// (D-Bus) provider.

package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	dbus "github.com/godbus/dbus/v5"
	ss "github.com/zalando/go-keyring/secret_service"
)

// deleteAccounts searches the collection go-keyring writes to (login, or
// the default alias) for items of service, and deletes those whose
// "username" attribute (go-keyring's name for the account) starts with
// prefix. The search matches the service exactly; the prefix is checked
// here on each item's attributes, since the Secret Service matches only
// whole values.
func deleteAccounts(service, prefix string) (int, error) {
	svc, err := ss.NewSecretService()
	if err != nil {
		return 0, err
	}
	collection := svc.GetLoginCollection()
	if err := svc.Unlock(collection.Path()); err != nil {
		return 0, err
	}
	items, err := svc.SearchItems(collection, map[string]string{"service": service})
	if err != nil {
		return 0, err
	}
	n := 0
	for _, item := range items {
		v, err := svc.Object("org.freedesktop.secrets", item).GetProperty("org.freedesktop.Secret.Item.Attributes")
		if itemGone(err) {
			continue // deleted by another program since the search
		}
		if err != nil {
			return n, err
		}
		attrs, ok := v.Value().(map[string]string)
		if !ok || attrs["service"] != service || !strings.HasPrefix(attrs["username"], prefix) {
			continue
		}
		if err := svc.Delete(item); err != nil && !itemGone(err) {
			return n, err
		}
		n++
	}
	return n, nil
}

// itemGone says err is the Secret Service's answer about an item that is
// no longer there: the search lists every item of the service, other
// sessions' too, and another program (another altinn-onboard, or a
// `secrets delete`) may delete one between the search and the question.
// gnome-keyring then says the object has no such interface or method.
func itemGone(err error) bool {
	var name string
	var de dbus.Error
	var pde *dbus.Error
	switch {
	case err == nil:
		return false
	case errors.As(err, &de):
		name = de.Name
	case errors.As(err, &pde):
		name = pde.Name
	}
	switch name {
	case "org.freedesktop.DBus.Error.UnknownMethod", "org.freedesktop.DBus.Error.UnknownObject",
		"org.freedesktop.DBus.Error.UnknownInterface", "org.freedesktop.Secret.Error.NoSuchObject":
		return true
	}
	return false
}

// preflight makes sure a D-Bus session bus is reachable before go-keyring
// is called, for two reasons: go-keyring returns godbus's connection
// errors unchanged, so this is the one place where "no bus" can be told
// apart from other failures; and when DBUS_SESSION_BUS_ADDRESS is unset
// godbus would "autolaunch" a new bus with dbus-launch (package dbus-x11),
// leaving a stray dbus-daemon behind. Here an unset address simply means
// ErrNoDBus.
//
// dbus.SessionBus returns the shared, cached connection that go-keyring
// uses too, so this costs nothing after the first call.
func preflight() error {
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if (addr == "" || addr == "autolaunch:") && !sessionBusDiscoverable() {
		return &kindError{kind: ErrNoDBus, cause: errors.New("DBUS_SESSION_BUS_ADDRESS is not set")}
	}
	if _, err := dbus.SessionBus(); err != nil {
		return &kindError{kind: ErrNoDBus, cause: err}
	}
	return nil
}

// sessionBusDiscoverable mirrors godbus's discovery of a session bus
// without DBUS_SESSION_BUS_ADDRESS (systemd's per-user bus).
func sessionBusDiscoverable() bool {
	dir := fmt.Sprintf("/run/user/%d", os.Getuid())
	for _, f := range []string{"bus", "dbus-session"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return true
		}
	}
	return false
}

// dbusErrorName returns the D-Bus error name in err's chain, or "".
func dbusErrorName(err error) string {
	var de dbus.Error
	if errors.As(err, &de) {
		return de.Name
	}
	var dp *dbus.Error
	if errors.As(err, &dp) && dp != nil {
		return dp.Name
	}
	return ""
}

// classifyPlatform maps godbus errors and the Secret Service errors
// go-keyring v0.2.8 produces (see its secret_service package) to kinds.
func classifyPlatform(err error) *SecretErrorKind {
	switch name := dbusErrorName(err); {
	case name == "org.freedesktop.DBus.Error.ServiceUnknown",
		name == "org.freedesktop.DBus.Error.NameHasNoOwner",
		strings.HasPrefix(name, "org.freedesktop.DBus.Error.Spawn."):
		// Nobody owns org.freedesktop.secrets and it cannot be activated
		// (or activation failed).
		return ErrNoSecretService
	case name == "org.freedesktop.Secret.Error.IsLocked":
		return ErrKeyringLocked
	case name == "org.freedesktop.DBus.Error.NoReply",
		name == "org.freedesktop.DBus.Error.Timeout",
		name == "org.freedesktop.DBus.Error.TimedOut":
		// The bus daemon's own reply timeout expired.
		return ErrKeyringTimeout
	case name == "org.freedesktop.DBus.Error.Disconnected":
		return ErrNoDBus
	}
	if errors.Is(err, dbus.ErrClosed) {
		return ErrNoDBus
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "failed to unlock correct collection"):
		// go-keyring's Unlock ends up here when the unlock prompt was
		// dismissed (or could not be shown): nothing got unlocked.
		return ErrKeyringLocked
	case strings.Contains(msg, "couldn't determine address of session bus"),
		strings.Contains(msg, "dbus-launch"):
		return ErrNoDBus
	}
	return nil
}

// describeCause renders a cause for messages; D-Bus errors get their
// error name, which godbus's Error() leaves out.
func describeCause(err error) string {
	msg := err.Error()
	if name := dbusErrorName(err); name != "" && name != msg && !strings.Contains(msg, name) {
		return name + ": " + msg
	}
	return msg
}
