package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"net/http"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
)

// requireAdmin returns errAdminOnly unless the session's agent is an
// administrator.
func (a *App) requireAdmin(r *http.Request, s *signedIn) error {
	p, err := a.profiles.Get(r.Context(), s.AgentID)
	if err != nil {
		return err
	}
	if !isAdmin(p) {
		return errAdminOnly
	}
	return nil
}

// listAgents answers every agent's profile (administrators only), in
// username order.
func (a *App) listAgents(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	if err := a.requireAdmin(r, s); err != nil {
		return err
	}
	out := []profileJSON{}
	err := a.eachAgent(r.Context(), func(p profile.Profile) { out = append(out, toProfileJSON(p)) })
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// eachAgent calls f with every profile, page by page of profile.Service.List.
func (a *App) eachAgent(ctx context.Context, f func(profile.Profile)) error {
	cursor := ""
	for {
		page, err := a.profiles.List(ctx, cursor, profile.MaxPageSize)
		if err != nil {
			return err
		}
		for _, p := range page.Profiles {
			f(p)
		}
		if page.Next == "" {
			return nil
		}
		cursor = page.Next
	}
}

// createAgentRequest is an administrator's new agent, with the first
// password.
type createAgentRequest struct {
	Username     string `json:"username"`
	Role         string `json:"role"`
	BusinessUnit string `json:"business_unit"`
	Name         string `json:"name"`
	PublicName   string `json:"public_name"`
	Language     string `json:"language"`
	Landline     string `json:"landline"`
	Mobile       string `json:"mobile"`
	Password     string `json:"password"`
}

// createAgent creates an agent with a first password (administrators
// only). The password is checked before the profile is created, so a
// refused one creates nothing.
func (a *App) createAgent(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	if err := a.requireAdmin(r, s); err != nil {
		return err
	}
	var req createAgentRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	p, err := a.createAgentWithPassword(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, toProfileJSON(p))
	return nil
}

// createAgentWithPassword creates the profile and sets the password.
func (a *App) createAgentWithPassword(ctx context.Context, req createAgentRequest) (profile.Profile, error) {
	subject := subjectOf(profile.Profile{Username: req.Username, Name: req.Name, PublicName: req.PublicName})
	if err := a.passwds.Policy().Validate(ctx, subject, req.Password); err != nil {
		return profile.Profile{}, err
	}
	p, err := a.profiles.Create(ctx, profile.NewAgent{
		Username: req.Username, Role: req.Role, BusinessUnit: req.BusinessUnit, Name: req.Name,
		PublicName: req.PublicName, Language: req.Language, Landline: req.Landline, Mobile: req.Mobile,
	})
	if err != nil {
		return profile.Profile{}, err
	}
	if err := a.passwds.Set(ctx, subjectOf(p), req.Password); err != nil {
		return profile.Profile{}, err
	}
	return p, nil
}

// forbiddenFields turns errAdminOnly into a *profile.ForbiddenError naming
// the administrator-only fields patch sets, when it sets any.
func forbiddenFields(err error, patch profile.Patch) error {
	if !errors.Is(err, errAdminOnly) {
		return err
	}
	var named []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{profile.FieldUsername, patch.Username != nil},
		{profile.FieldRole, patch.Role != nil},
		{profile.FieldBusinessUnit, patch.BusinessUnit != nil},
	} {
		if f.set {
			named = append(named, f.name)
		}
	}
	if len(named) == 0 {
		return err
	}
	return &profile.ForbiddenError{Fields: named}
}

// adminPatchRequest is an administrator's change to an agent.
type adminPatchRequest struct {
	Version int64 `json:"version"`
	profile.Patch
}

// updateAgent changes an agent, username, role and business unit
// included (administrators only).
func (a *App) updateAgent(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	var req adminPatchRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if err := a.requireAdmin(r, s); err != nil {
		return forbiddenFields(err, req.Patch)
	}
	if req.Version <= 0 {
		return errVersionMissing
	}
	id := r.PathValue("id")
	ctx := r.Context()
	p, err := a.profiles.AdminUpdate(ctx, id, req.Version, req.Patch)
	if err != nil {
		return a.conflict(ctx, id, err)
	}
	writeJSON(w, http.StatusOK, toProfileJSON(p))
	return nil
}

// claimRequest asks for an agent for a new chat.
type claimRequest struct {
	ChatID string `json:"chat_id"`
}

// claimResponse names the agent that took the chat.
type claimResponse struct {
	ChatID   string `json:"chat_id"`
	AgentID  string `json:"agent_id"`
	Username string `json:"username"`
}

// claimChat plays the chat router: presence.Tracker.Route offers the chat
// to the eligible agents in turn and claims it atomically, so a claim never
// goes to an agent whose Busy has been confirmed, whatever instance toggled
// it.
func (a *App) claimChat(w http.ResponseWriter, r *http.Request, _ *signedIn) error {
	var req claimRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if req.ChatID == "" {
		var b [8]byte
		_, _ = rand.Read(b[:])
		req.ChatID = "chat-" + hex.EncodeToString(b[:])
	}
	ctx := r.Context()
	var ids []string
	if err := a.eachAgent(ctx, func(p profile.Profile) { ids = append(ids, p.ID) }); err != nil {
		return err
	}
	if len(ids) > presence.MaxCandidates {
		ids = ids[:presence.MaxCandidates]
	}
	id, err := a.tracker.Route(ctx, ids, req.ChatID)
	if err != nil {
		return err
	}
	p, err := a.profiles.Get(ctx, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, claimResponse{ChatID: req.ChatID, AgentID: id, Username: p.Username})
	return nil
}
