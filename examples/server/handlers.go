package main

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/session"
)

// phoneJSON is a stored phone number with its display forms.
type phoneJSON struct {
	E164          string `json:"e164"`
	National      string `json:"national"`
	International string `json:"international"`
}

func phoneOf(e164 string) *phoneJSON {
	if e164 == "" {
		return nil
	}
	n, i := profile.FormatPhone(e164)
	return &phoneJSON{E164: e164, National: n, International: i}
}

// settingsJSON is the Settings tab.
type settingsJSON struct {
	CapitalizeFirstLetter bool  `json:"capitalize_first_letter"`
	Version               int64 `json:"version"`
}

// profileJSON is a profile as the API shows it.
type profileJSON struct {
	ID           string       `json:"id"`
	Username     string       `json:"username"`
	Role         string       `json:"role"`
	BusinessUnit string       `json:"business_unit"`
	Name         string       `json:"name"`
	PublicName   string       `json:"public_name"`
	Language     string       `json:"language"`
	Landline     *phoneJSON   `json:"landline"`
	Mobile       *phoneJSON   `json:"mobile"`
	PhotoURL     string       `json:"photo_url"`
	Settings     settingsJSON `json:"settings"`
	Admin        bool         `json:"admin"`
	Version      int64        `json:"version"`
	CreatedAt    time.Time    `json:"created_at"`
	UpdatedAt    time.Time    `json:"updated_at"`
}

func toProfileJSON(p profile.Profile) profileJSON {
	return profileJSON{
		ID: p.ID, Username: p.Username, Role: p.Role, BusinessUnit: p.BusinessUnit,
		Name: p.Name, PublicName: p.PublicName, Language: p.Language,
		Landline: phoneOf(p.Landline), Mobile: phoneOf(p.Mobile),
		PhotoURL: photoURL(p),
		Settings: settingsJSON{CapitalizeFirstLetter: p.Settings.CapitalizeFirstLetter, Version: p.Version},
		Admin:    isAdmin(p), Version: p.Version, CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt,
	}
}

// conflict wraps a version conflict on agent id with the version stored
// now; other errors are returned as they are.
func (a *App) conflict(ctx context.Context, id string, err error) error {
	if !errors.Is(err, profile.ErrConflict) {
		return err
	}
	cur, gerr := a.profiles.Get(ctx, id)
	if gerr != nil {
		return err
	}
	return &conflictError{err: err, current: cur.Version}
}

// getProfile answers the signed-in agent's profile.
func (a *App) getProfile(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	p, err := a.profiles.Get(r.Context(), s.AgentID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, toProfileJSON(p))
	return nil
}

// patchRequest is a General tab save: the patch and the version it was
// based on.
type patchRequest struct {
	Version int64 `json:"version"`
	profile.Patch
}

// patchProfile saves the General tab.
func (a *App) patchProfile(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	var req patchRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if req.Version <= 0 {
		return errVersionMissing
	}
	p, err := a.profiles.Update(r.Context(), s.AgentID, req.Version, req.Patch)
	if err != nil {
		return a.conflict(r.Context(), s.AgentID, err)
	}
	writeJSON(w, http.StatusOK, toProfileJSON(p))
	return nil
}

// getSettings answers the Settings tab.
func (a *App) getSettings(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	p, err := a.profiles.Get(r.Context(), s.AgentID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, settingsJSON{CapitalizeFirstLetter: p.Settings.CapitalizeFirstLetter, Version: p.Version})
	return nil
}

// settingsRequest is a Settings tab save.
type settingsRequest struct {
	Version               int64 `json:"version"`
	CapitalizeFirstLetter *bool `json:"capitalize_first_letter"`
}

// putSettings saves the Settings tab.
func (a *App) putSettings(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	var req settingsRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if req.Version <= 0 {
		return errVersionMissing
	}
	if req.CapitalizeFirstLetter == nil {
		return invalid(profilekit.FieldError{
			Field: profile.FieldCapitalizeFirstLetter, Code: profilekit.CodeTextRequired, Message: profilekit.CodeTextRequired.Message(),
		})
	}
	p, err := a.profiles.UpdateSettings(r.Context(), s.AgentID, req.Version, profile.Settings{CapitalizeFirstLetter: *req.CapitalizeFirstLetter})
	if err != nil {
		return a.conflict(r.Context(), s.AgentID, err)
	}
	writeJSON(w, http.StatusOK, settingsJSON{CapitalizeFirstLetter: p.Settings.CapitalizeFirstLetter, Version: p.Version})
	return nil
}

// composeRequest is text typed into a message box.
type composeRequest struct {
	Text string `json:"text"`
}

// compose applies the agent's settings to a message being typed, with the
// library's rule (the Settings tab's demonstration).
func (a *App) compose(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	var req composeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	p, err := a.profiles.Get(r.Context(), s.AgentID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, composeRequest{Text: p.Compose(req.Text)})
	return nil
}

// languages lists the languages an agent may choose, named in the ui
// query parameter's language or the agent's own.
func (a *App) languages(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	ui := r.URL.Query().Get("ui")
	if ui == "" || len(ui) > profile.MaxLanguageBytes {
		p, err := a.profiles.Get(r.Context(), s.AgentID)
		if err != nil {
			return err
		}
		ui = p.Language
	}
	writeJSON(w, http.StatusOK, a.profiles.Languages().Options(ui))
	return nil
}

// passwordRequest is the Change password form.
type passwordRequest struct {
	Current string `json:"current_password"`
	New     string `json:"new_password"`
	Repeat  string `json:"repeat_password"`
}

// changePassword changes the agent's password and ends every other session
// of the agent; session.Revoked, carried by the feed, ends their streams on
// every instance.
func (a *App) changePassword(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	var req passwordRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	p, err := a.profiles.Get(ctx, s.AgentID)
	if err != nil {
		return err
	}
	err = a.passwds.Change(ctx, password.ChangeRequest{Subject: subjectOf(p), Current: req.Current, New: req.New, Repeat: req.Repeat})
	if err != nil {
		return err
	}
	if _, err := a.sessions.RevokeOthers(ctx, s.AgentID, s.token, session.ReasonPasswordChanged); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// subjectOf is the password policy's view of an agent.
func subjectOf(p profile.Profile) password.Subject {
	return password.Subject{AgentID: p.ID, Username: p.Username, Name: p.Name, PublicName: p.PublicName}
}

// getStatus answers the agent's presence.
func (a *App) getStatus(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	p, err := a.tracker.Get(r.Context(), s.AgentID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// busyRequest is the body of PUT /api/status/busy.
type busyRequest struct {
	Busy       bool   `json:"busy"`
	Reason     string `json:"reason"`
	ForSeconds int64  `json:"for_seconds"`
}

// setBusy makes the agent busy with an optional reason, for a while or
// until cleared (presence.Tracker.SetBusyFor), or clears Busy.
func (a *App) setBusy(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	var req busyRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	var (
		p   presence.Presence
		err error
	)
	if req.Busy {
		// Clamped first, so that no number of seconds wraps around into a
		// valid duration: one out of range stays out, and the SDK refuses it.
		secs := max(min(req.ForSeconds, int64(presence.MaxBusyDuration/time.Second)+1), -1)
		d := time.Duration(secs) * time.Second
		p, err = a.tracker.SetBusyFor(r.Context(), s.AgentID, req.Reason, d)
	} else {
		p, err = a.tracker.SetBusy(r.Context(), s.AgentID, false)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// toggleBusy flips the agent's Busy toggle.
func (a *App) toggleBusy(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	p, err := a.tracker.ToggleBusy(r.Context(), s.AgentID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
