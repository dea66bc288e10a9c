package profilekit

import "slices"

// Code is a stable, machine-readable reason for an error. A field problem's
// code has the form "<kind>.<problem>" in lower-case snake words, where kind
// names the rule that was applied ("text", "phone", "password", "id"), so
// one code serves every field the rule checks; the field itself is in
// FieldError.Field. An error's code names its domain ("profile.not_found").
//
// Codes never change once published; messages may. Every code is one of
// the constants below and has an English message in the catalogue (see
// Code.Message and Codes); docs/errors.md lists them all.
type Code string

// String returns the code as text.
func (c Code) String() string { return string(c) }

// Message returns the catalogue's English message for c, written to follow
// a field's label ("Mobile: is a fixed-line number, not a mobile number"),
// or "" for a code not in the catalogue. Translations key off the code.
func (c Code) Message() string {
	e, _ := c.lookup()
	return e.message
}

// Known reports whether c is in the catalogue.
func (c Code) Known() bool {
	_, ok := c.lookup()
	return ok
}

// Params returns the names of the parameters every FieldError with code c
// carries in FieldError.Params, such as "min" for CodePasswordTooShort, or
// nil when its rules state no number: the placeholders a translation of
// c may use. docs/errors.md lists them with the codes.
func (c Code) Params() []string {
	for _, p := range parameters {
		if p.code == c {
			return slices.Clone(p.names)
		}
	}
	return nil
}

// lookup finds c in the catalogue. The catalogue is small enough that a
// scan costs less than building a map would, and it needs no state.
func (c Code) lookup() (entry, bool) {
	for _, e := range entries {
		if e.code == c {
			return e, true
		}
	}
	return entry{}, false
}

// Codes returns every code in the catalogue, in the order of the constants.
func Codes() []Code {
	out := make([]Code, len(entries))
	for i, e := range entries {
		out[i] = e.code
	}
	return out
}

// Codes of errors as a whole: the sentinels and error types of every
// package.
const (
	// CodeInvalid is the code of every *ValidationError; its Fields carry
	// the codes of the problems.
	CodeInvalid Code = "input.invalid"
	// CodeStoreClosed means that a store was used after Close (ErrClosed).
	CodeStoreClosed Code = "store.closed"
	// CodeStoreLocked means that a store gave up waiting for a lock
	// another process held; nothing changed and the call may be retried
	// (ErrLocked).
	CodeStoreLocked Code = "store.locked"
	// CodeStoreNotDurable means that a presence store was configured to
	// keep Busy where a loss of its data would clear it, without saying
	// that this is accepted (storage/redis.ErrNotDurable).
	CodeStoreNotDurable Code = "store.not_durable"

	// CodeProfileNotFound means that no profile has the ID
	// (profile.ErrNotFound).
	CodeProfileNotFound Code = "profile.not_found"
	// CodeProfileConflict means that the profile changed since the version
	// a write was based on (profile.ErrConflict).
	CodeProfileConflict Code = "profile.conflict"
	// CodeProfileExists means that a profile with the same ID exists
	// (profile.ErrAlreadyExists).
	CodeProfileExists Code = "profile.already_exists"
	// CodeProfileForbidden means that a self-service update tried to change
	// a field only an administrator may set (profile.ErrForbidden).
	CodeProfileForbidden Code = "profile.forbidden"
	// CodeProfileUnsupported means that the profile store cannot do what
	// was asked, such as a lookup by username or a listing: it does not
	// implement the optional interface the call needs
	// (profile.ErrUnsupported).
	CodeProfileUnsupported Code = "profile.unsupported"
	// CodeProfileLastAdmin means that an administrator's update would take
	// the administrator role (profile.Options.AdminRole) from the last
	// profile that has it (profile.ErrLastAdmin).
	CodeProfileLastAdmin Code = "profile.last_admin"

	// CodeCredentialNotFound means that no password is set for the agent
	// (password.ErrNotFound).
	CodeCredentialNotFound Code = "credential.not_found"
	// CodeCredentialConflict means that the credential changed since it was
	// read (password.ErrConflict).
	CodeCredentialConflict Code = "credential.conflict"
	// CodeCredentialMalformed means that a stored hash is not one the
	// Hasher accepts (password.ErrMalformedHash).
	CodeCredentialMalformed Code = "credential.malformed_hash"

	// CodeAgentBusy means that a chat was refused because the agent is busy
	// (presence.ErrBusy).
	CodeAgentBusy Code = "agent.busy"
	// CodeAgentOffline means that a chat was refused because the agent has
	// no live session (presence.ErrOffline).
	CodeAgentOffline Code = "agent.offline"
	// CodeAgentFull means that a chat was refused because the agent holds
	// as many chats as its capacity allows (presence.ErrFull).
	CodeAgentFull Code = "agent.full"
	// CodeChatTaken means that another agent holds the chat
	// (presence.ErrChatTaken).
	CodeChatTaken Code = "chat.taken"
	// CodeChatNotClaimed means that the agent does not hold the chat it
	// tried to release (presence.ErrNotClaimed).
	CodeChatNotClaimed Code = "chat.not_claimed"
	// CodeChatNoAgent means that no candidate can take a new chat now:
	// none is online, available and below capacity, or every claim lost
	// its race (presence.ErrNoAgent, from Tracker.Route).
	CodeChatNoAgent Code = "chat.no_agent"
	// CodePresenceNoFeed means that the store cannot deliver changes to
	// Watch (presence.ErrNoFeed).
	CodePresenceNoFeed Code = "presence.no_feed"

	// CodeSessionNotFound means that a sign-in session token or ID names
	// no live session: it is unknown, malformed, revoked or expired, which
	// are not told apart (session.ErrNotFound).
	CodeSessionNotFound Code = "session.not_found"
	// CodeSessionExists means that a session with the same token hash or
	// ID is already stored (session.ErrAlreadyExists).
	CodeSessionExists Code = "session.already_exists"

	// CodeFeedLost means that a live feed may have missed events or
	// changes: its connection was lost, or its reader fell behind. What
	// it showed may be stale; reload it (feed.ErrLost, feed.Lost,
	// storage/redis.ErrFeedLost).
	CodeFeedLost Code = "feed.lost"
	// CodeFeedTooManyStreams means that a live stream was refused because
	// its session, its agent or the instance has as many open as allowed
	// (feed.ErrTooManyStreams); close one, or try again later.
	CodeFeedTooManyStreams Code = "feed.too_many_streams"
)

// Codes of field problems shared by every domain.
const (
	// CodeIDRequired means that an ID is empty.
	CodeIDRequired Code = "id.required"
	// CodeIDTooLong means that an ID is longer than MaxIDLength bytes, or
	// than its field allows (a PostgreSQL channel name, 63).
	CodeIDTooLong Code = "id.too_long"
	// CodeIDInvalidChars means that an ID holds a byte other than a
	// visible ASCII character (see CheckID).
	CodeIDInvalidChars Code = "id.invalid_chars"

	// CodeTextRequired means that a required text is empty, or only
	// spaces.
	CodeTextRequired Code = "text.required"
	// CodeTextTooLong means that a text is longer than its field allows,
	// in characters or in bytes.
	CodeTextTooLong Code = "text.too_long"
	// CodeTextDisallowedChars means that a text holds control, format
	// (bidirectional overrides, zero-width), unassigned or otherwise
	// disallowed characters, or is not valid UTF-8.
	CodeTextDisallowedChars Code = "text.disallowed_chars"
	// CodeTextNoLetterOrDigit means that a public name is made only of
	// symbols or punctuation.
	CodeTextNoLetterOrDigit Code = "text.no_letter_or_digit"

	// CodePayloadTooLarge means that what is sent to other instances (a
	// notification, a feed event) is, as its transport sends it, larger
	// than the transport carries: 7999 bytes of JSON on PostgreSQL NOTIFY
	// (notify/pgnotify, feed/pgfeed; feed.ErrTooLarge).
	CodePayloadTooLarge Code = "payload.too_large"
)

// Codes of the profile package's fields.
const (
	// CodeUsernameTaken means that another agent has the username
	// (profile.ErrUsernameTaken).
	CodeUsernameTaken Code = "username.taken"
	// CodeUsernameConfusable means that the username looks the same as
	// another agent's (the same Unicode UTS #39 skeleton), such as a
	// Cyrillic "а" for a Latin "a" (profile.ErrUsernameConfusable).
	CodeUsernameConfusable Code = "username.confusable"
	// CodeUsernameMixedScript means that the username mixes scripts in a
	// way Unicode UTS #39 "highly restrictive" does not allow.
	CodeUsernameMixedScript Code = "username.mixed_script"

	// CodeRoleUnknown means that a role is not one of the roles the
	// deployment configured (profile.RoleSet), ignoring case.
	CodeRoleUnknown Code = "role.unknown"
	// CodeRoleDuplicate means that a role set names a role twice, ignoring
	// case.
	CodeRoleDuplicate Code = "role.duplicate"

	// CodeCursorInvalid means that a page cursor is not one that
	// profile.Service.List returned.
	CodeCursorInvalid Code = "cursor.invalid"
	// CodeLimitOutOfRange means that a page size is negative or larger
	// than profile.MaxPageSize.
	CodeLimitOutOfRange Code = "limit.out_of_range"

	// CodeLanguageMalformed means that a language code is not a
	// well-formed BCP 47 tag.
	CodeLanguageMalformed Code = "language.malformed"
	// CodeLanguageUnknown means that a language code is well formed but
	// names no language ("und", "und-US") or has an unregistered subtag.
	CodeLanguageUnknown Code = "language.unknown"
	// CodeLanguageUnsupported means that no supported language is close
	// enough to the one asked for.
	CodeLanguageUnsupported Code = "language.unsupported"
	// CodeLanguageTooMany means that a list of preferred languages names
	// more than a LanguageSet considers.
	CodeLanguageTooMany Code = "language.too_many"

	// CodePhoneInvalid means that a phone number is not valid for any
	// region.
	CodePhoneInvalid Code = "phone.invalid"
	// CodePhoneNeedsRegion means that a national number was given with no
	// region to read it in.
	CodePhoneNeedsRegion Code = "phone.needs_region"
	// CodePhoneNotMobile means that a fixed-line number was given as the
	// mobile number.
	CodePhoneNotMobile Code = "phone.not_mobile"
	// CodePhoneNotLandline means that a mobile-only number was given as
	// the landline number.
	CodePhoneNotLandline Code = "phone.not_landline"
	// CodePhoneVoIP means that a VoIP number was given and the rules do not
	// allow one.
	CodePhoneVoIP Code = "phone.voip"
	// CodePhoneTollFree means that a toll-free number was given and the
	// rules do not allow one.
	CodePhoneTollFree Code = "phone.toll_free"
	// CodePhonePremiumRate means that a premium-rate number was given and
	// the rules do not allow one.
	CodePhonePremiumRate Code = "phone.premium_rate"
	// CodePhoneExtension means that a number has an extension, which E.164
	// cannot keep.
	CodePhoneExtension Code = "phone.extension"
	// CodePhoneUnsupportedType means that a number is of a special type
	// (pager, shared cost, UAN, voicemail, personal, unknown).
	CodePhoneUnsupportedType Code = "phone.unsupported_type"
	// CodePhoneKindUnknown means that a text names no profile.PhoneKind
	// ("landline" or "mobile").
	CodePhoneKindUnknown Code = "phone_kind.unknown"
)

// Codes of the password package.
const (
	// CodePasswordTooShort means that a password has fewer characters than
	// the policy's minimum.
	CodePasswordTooShort Code = "password.too_short"
	// CodePasswordTooLong means that a password has more characters than
	// the policy's maximum.
	CodePasswordTooLong Code = "password.too_long"
	// CodePasswordInvalid means that a password holds a character the
	// PRECIS OpaqueString profile forbids.
	CodePasswordInvalid Code = "password.invalid"
	// CodePasswordBreached means that a password is on a blocklist of
	// common or breached passwords.
	CodePasswordBreached Code = "password.breached"
	// CodePasswordCheckUnavailable means that a blocklist could not be
	// consulted and its failure policy is to refuse
	// (password.ErrBlocklistUnavailable).
	CodePasswordCheckUnavailable Code = "password.breach_check_unavailable"
	// CodePasswordContainsUsername means that a password contains the
	// username or is a near-copy of it.
	CodePasswordContainsUsername Code = "password.contains_username"
	// CodePasswordContainsName means that a password contains the agent's
	// name or public name, or a word of either.
	CodePasswordContainsName Code = "password.contains_name"
	// CodePasswordContainsEmail means that a password contains a part of
	// the agent's e-mail address.
	CodePasswordContainsEmail Code = "password.contains_email"
	// CodePasswordContainsProductName means that a password contains the
	// product's name or another word the policy forbids.
	CodePasswordContainsProductName Code = "password.contains_product_name"
	// CodePasswordRepetitive means that a password is one short run of
	// characters repeated.
	CodePasswordRepetitive Code = "password.repetitive"
	// CodePasswordSequential means that a password is a sequence of
	// consecutive characters.
	CodePasswordSequential Code = "password.sequential"
	// CodePasswordReused means that a password is one of the agent's last
	// passwords.
	CodePasswordReused Code = "password.reused"
	// CodePasswordRequired means that a password that must be given is
	// empty: the current password of a change.
	CodePasswordRequired Code = "password.required"
	// CodePasswordIncorrect means that the current password is wrong
	// (password.ErrIncorrect), from Change and from Verify alike.
	CodePasswordIncorrect Code = "password.incorrect"
	// CodePasswordMismatch means that the new password and its repetition
	// differ.
	CodePasswordMismatch Code = "password.mismatch"
	// CodePasswordSameAsCurrent means that the new password equals the
	// current one.
	CodePasswordSameAsCurrent Code = "password.same_as_current"
	// CodePasswordThrottled means that the agent made too many wrong
	// attempts and must wait (password.ErrThrottled).
	CodePasswordThrottled Code = "password.throttled"
	// CodeFailurePolicyUnknown means that a text names no
	// password.FailurePolicy ("refuse" or "accept").
	CodeFailurePolicyUnknown Code = "failure_policy.unknown"
)

// Codes of the presence package's fields.
const (
	// CodeDurationNegative means that a busy duration is negative.
	CodeDurationNegative Code = "duration.negative"
	// CodeDurationTooLong means that a busy duration is longer than
	// allowed.
	CodeDurationTooLong Code = "duration.too_long"
	// CodeCapacityOutOfRange means that a capacity is negative or too
	// large.
	CodeCapacityOutOfRange Code = "capacity.out_of_range"
	// CodeCandidatesTooMany means that one Eligible call named too many
	// candidates.
	CodeCandidatesTooMany Code = "candidates.too_many"
	// CodeStatusUnknown means that a text names no presence status.
	CodeStatusUnknown Code = "status.unknown"
	// CodeColourUnknown means that a text names no badge colour.
	CodeColourUnknown Code = "colour.unknown"
	// CodeTimeSourceUnknown means that a text names no time source of the
	// Redis presence store (storage/redis.TimeSource: "caller" or
	// "server").
	CodeTimeSourceUnknown Code = "time_source.unknown"
)

// Codes of the session package's fields.
const (
	// CodeRevokeReasonUnknown means that a text or value names no reason
	// for ending sessions (session.Reason).
	CodeRevokeReasonUnknown Code = "revoke_reason.unknown"
)

// Codes of the notify package and its adapters.
const (
	// CodePreferencesNotFound means that an agent has never saved
	// notification preferences (notify.ErrNotFound, from a
	// PreferenceStore; the Dispatcher answers with the defaults instead).
	CodePreferencesNotFound Code = "preferences.not_found"
	// CodePreferencesConflict means that the notification preferences
	// changed since the version a save was based on (notify.ErrConflict).
	CodePreferencesConflict Code = "preferences.conflict"
	// CodeNotifierClosed means that a notifier or a subscription was used
	// after Close (notify.ErrClosed).
	CodeNotifierClosed Code = "notifier.closed"
	// CodeNotifyUndelivered means that notification preferences were saved
	// but the live sessions could not all be told (notify.ErrUndelivered).
	CodeNotifyUndelivered Code = "notify.undelivered"
	// CodeWebhookRejected means that a webhook receiver refused a delivery
	// with a 4xx status, which is not retried.
	CodeWebhookRejected Code = "webhook.rejected"
	// CodeWebhookUnavailable means that a webhook receiver could not be
	// reached, timed out or answered 5xx on every attempt.
	CodeWebhookUnavailable Code = "webhook.unavailable"
	// CodeWebhookBadSignature means that a webhook request carries no
	// valid signature (webhook.ErrBadSignature).
	CodeWebhookBadSignature Code = "webhook.bad_signature"
	// CodeWebhookStale means that a webhook request's timestamp is too far
	// from the receiver's clock (webhook.ErrStale).
	CodeWebhookStale Code = "webhook.stale"
	// CodeWebhookReplayed means that a webhook request carries a delivery
	// ID the receiver has seen (webhook.ErrReplayed).
	CodeWebhookReplayed Code = "webhook.replayed"
	// CodeWebhookGuardFull means that a webhook receiver's replay guard
	// holds as many delivery IDs as it may (webhook.ErrGuardFull); the
	// request may be sent again later.
	CodeWebhookGuardFull Code = "webhook.guard_full"

	// CodeEventKindUnknown means that a kind of alert is not one the
	// notification catalogue knows.
	CodeEventKindUnknown Code = "event_kind.unknown"
	// CodeAlertsTooMany means that an update of notification preferences
	// names more kinds of alert than allowed.
	CodeAlertsTooMany Code = "alerts.too_many"
	// CodeSoundUnknown means that a sound is not in the catalogue.
	CodeSoundUnknown Code = "sound.unknown"
	// CodeVolumeOutOfRange means that a volume is outside 0 to 100.
	CodeVolumeOutOfRange Code = "volume.out_of_range"
	// CodeURLInvalid means that a URL is not an absolute http or https
	// URL.
	CodeURLInvalid Code = "url.invalid"
	// CodeURLForbiddenAddress means that a URL's host is, or resolved to,
	// an address of the host itself or of an internal network (loopback,
	// private, link-local, …), which a webhook may not reach unless
	// allowed (webhook.ErrForbiddenAddress).
	CodeURLForbiddenAddress Code = "url.forbidden_address"
	// CodeSecretTooShort means that a signing secret has fewer bytes than
	// required.
	CodeSecretTooShort Code = "secret.too_short"
)

// Codes of the profile/photo package's fields.
const (
	// CodePhotoEmpty means that an upload holds no bytes: no file was
	// chosen.
	CodePhotoEmpty Code = "photo.empty"
	// CodePhotoTooLarge means that an upload is longer than the
	// configured number of bytes.
	CodePhotoTooLarge Code = "photo.too_large"
	// CodePhotoUnsupportedFormat means that an upload is not a JPEG, PNG,
	// GIF or WebP image, judged by its content (SVG and HEIC are refused).
	CodePhotoUnsupportedFormat Code = "photo.unsupported_format"
	// CodePhotoCorrupt means that an image is truncated or damaged and
	// cannot be decoded.
	CodePhotoCorrupt Code = "photo.corrupt"
	// CodePhotoDimensionsTooLarge means that an image is wider, taller or
	// has more pixels than allowed.
	CodePhotoDimensionsTooLarge Code = "photo.dimensions_too_large"
	// CodePhotoDimensionsTooSmall means that an image is narrower or
	// shorter than allowed.
	CodePhotoDimensionsTooSmall Code = "photo.dimensions_too_small"
	// CodePhotoDecodeTooLarge means that an image, as its header declares
	// it (dimensions, components, bit depth, progressive or interlaced),
	// needs more memory to decode than allowed, however small its file.
	CodePhotoDecodeTooLarge Code = "photo.decode_too_large"
	// CodeFormatUnknown means that a text names no image format
	// (profile/photo.Format).
	CodeFormatUnknown Code = "format.unknown"
)

// entry is one row of the catalogue.
type entry struct {
	code    Code
	message string
}

// entries is the catalogue: every code and its English message.
var entries = [...]entry{
	{CodeInvalid, "the input was rejected"},
	{CodeStoreClosed, "the store is closed"},
	{CodeStoreLocked, "the data is being changed by another process; try again"},
	{CodeStoreNotDurable, "the presence store has no durable copy of Busy"},
	{CodeProfileNotFound, "no such profile"},
	{CodeProfileConflict, "the profile was changed by someone else; reload it and try again"},
	{CodeProfileExists, "a profile with this ID already exists"},
	{CodeProfileForbidden, "only an administrator may change this field"},
	{CodeProfileUnsupported, "this is not available with the configured profile store"},
	{CodeProfileLastAdmin, "the last administrator cannot stop being one; make another agent an administrator first"},
	{CodeCredentialNotFound, "no password is set for this agent"},
	{CodeCredentialConflict, "the password was changed at the same time; try again"},
	{CodeCredentialMalformed, "the stored password hash cannot be used"},
	{CodeAgentBusy, "the agent is busy"},
	{CodeAgentOffline, "the agent is offline"},
	{CodeAgentFull, "the agent already has as many chats as allowed"},
	{CodeChatTaken, "another agent already has this chat"},
	{CodeChatNotClaimed, "the agent does not have this chat"},
	{CodeChatNoAgent, "no agent can take a new chat now"},
	{CodePresenceNoFeed, "live changes are not available from this store"},
	{CodeFeedTooManyStreams, "too many live streams are open; close a tab or window and try again"},
	{CodeSessionNotFound, "the session has ended; sign in again"},
	{CodeSessionExists, "a session with this token or ID already exists"},
	{CodeFeedLost, "live updates were interrupted; reload to see the latest changes"},

	{CodeIDRequired, "is required"},
	{CodeIDTooLong, "is too long"},
	{CodeIDInvalidChars, "may contain only visible ASCII characters, without spaces"},
	{CodeTextRequired, "is required"},
	{CodeTextTooLong, "is too long"},
	{CodeTextDisallowedChars, "contains characters that are not allowed"},
	{CodeTextNoLetterOrDigit, "must contain at least one letter or digit"},
	{CodePayloadTooLarge, "is too large to send to other instances"},

	{CodeUsernameTaken, "is already taken"},
	{CodeUsernameConfusable, "looks too much like another agent's username"},
	{CodeUsernameMixedScript, "mixes letters of different scripts"},
	{CodeRoleUnknown, "is not a known role"},
	{CodeRoleDuplicate, "names a role twice"},
	{CodeCursorInvalid, "is not a valid page cursor; start again from the first page"},
	{CodeLimitOutOfRange, "is out of range"},
	{CodeLanguageMalformed, "is not a language code"},
	{CodeLanguageUnknown, "names no known language"},
	{CodeLanguageUnsupported, "is not a supported language"},
	{CodeLanguageTooMany, "names too many languages"},
	{CodePhoneInvalid, "is not a valid phone number"},
	{CodePhoneNeedsRegion, "needs an international prefix such as +44"},
	{CodePhoneNotMobile, "is a fixed-line number, not a mobile number"},
	{CodePhoneNotLandline, "is a mobile number, not a landline number"},
	{CodePhoneVoIP, "is a VoIP number, which is not accepted"},
	{CodePhoneTollFree, "is a toll-free number, which is not accepted"},
	{CodePhonePremiumRate, "is a premium-rate number, which is not accepted"},
	{CodePhoneExtension, "has an extension; enter the number without it"},
	{CodePhoneUnsupportedType, "is a special-purpose number, which is not accepted"},
	{CodePhoneKindUnknown, "is not a known kind of phone number"},

	{CodePasswordTooShort, "is too short"},
	{CodePasswordTooLong, "is too long"},
	{CodePasswordInvalid, "contains characters that are not allowed"},
	{CodePasswordBreached, "is too common or has appeared in a data breach"},
	{CodePasswordCheckUnavailable, "cannot be checked against breached passwords right now; try again later"},
	{CodePasswordContainsUsername, "must not contain your username"},
	{CodePasswordContainsName, "must not contain your name"},
	{CodePasswordContainsEmail, "must not contain your e-mail address"},
	{CodePasswordContainsProductName, "must not contain the product's name"},
	{CodePasswordRepetitive, "must not be a repeated pattern"},
	{CodePasswordSequential, "must not be a sequence of characters"},
	{CodePasswordReused, "was used recently; choose another"},
	{CodePasswordRequired, "is required"},
	{CodePasswordIncorrect, "is not correct"},
	{CodePasswordMismatch, "does not match the new password"},
	{CodePasswordSameAsCurrent, "must differ from the current password"},
	{CodePasswordThrottled, "too many failed attempts; wait and try again"},
	{CodeFailurePolicyUnknown, "is not a known failure policy"},

	{CodeDurationNegative, "must not be negative"},
	{CodeDurationTooLong, "is too long"},
	{CodeCapacityOutOfRange, "is out of range"},
	{CodeCandidatesTooMany, "names too many agents"},
	{CodeStatusUnknown, "is not a known status"},
	{CodeColourUnknown, "is not a known colour"},
	{CodeTimeSourceUnknown, "is not a known time source"},

	{CodeRevokeReasonUnknown, "is not a known reason for ending sessions"},

	{CodePreferencesNotFound, "no notification preferences are saved for this agent"},
	{CodePreferencesConflict, "the notification preferences were changed by someone else; reload them and try again"},
	{CodeNotifierClosed, "notifications are no longer delivered here"},
	{CodeNotifyUndelivered, "the preferences were saved, but not every open page was told"},
	{CodeWebhookRejected, "the webhook receiver refused the notification"},
	{CodeWebhookUnavailable, "the webhook receiver could not be reached"},
	{CodeWebhookBadSignature, "the webhook signature is missing or wrong"},
	{CodeWebhookStale, "the webhook timestamp is too old or too far in the future"},
	{CodeWebhookReplayed, "this webhook delivery was already received"},
	{CodeWebhookGuardFull, "too many webhook deliveries to remember at once; try again later"},
	{CodeEventKindUnknown, "is not a known kind of notification"},
	{CodeAlertsTooMany, "names too many kinds of notification"},
	{CodeSoundUnknown, "is not a known sound"},
	{CodeVolumeOutOfRange, "must be between 0 and 100"},
	{CodeURLInvalid, "is not a valid http or https URL"},
	{CodeURLForbiddenAddress, "must be a public address, not this host or an internal network"},
	{CodeSecretTooShort, "is too short"},

	{CodePhotoEmpty, "is empty; choose an image file"},
	{CodePhotoTooLarge, "is too large a file"},
	{CodePhotoUnsupportedFormat, "must be a JPEG, PNG, GIF or WebP image"},
	{CodePhotoCorrupt, "is damaged or incomplete and cannot be read"},
	{CodePhotoDimensionsTooLarge, "has too many pixels"},
	{CodePhotoDimensionsTooSmall, "is too small"},
	{CodePhotoDecodeTooLarge, "needs too much memory to decode; choose a smaller image"},
	{CodeFormatUnknown, "is not a known image format"},
}

// parameters lists the codes whose field errors carry parameters, and
// their names (see Code.Params and FieldError.Params).
var parameters = [...]struct {
	code  Code
	names []string
}{
	{CodeIDTooLong, []string{"max"}},
	{CodeTextTooLong, []string{"max", "max_bytes"}},
	{CodePayloadTooLarge, []string{"max_bytes"}},
	{CodePasswordTooShort, []string{"min"}},
	{CodePasswordTooLong, []string{"max"}},
	{CodeDurationTooLong, []string{"max_seconds"}},
	{CodeCapacityOutOfRange, []string{"min", "max"}},
	{CodeCandidatesTooMany, []string{"max"}},
	{CodeLimitOutOfRange, []string{"min", "max"}},
	{CodeLanguageTooMany, []string{"max"}},
	{CodeAlertsTooMany, []string{"max"}},
	{CodeVolumeOutOfRange, []string{"min", "max"}},
	{CodeSecretTooShort, []string{"min_bytes"}},
	{CodePhotoTooLarge, []string{"max_bytes"}},
	{CodePhotoDimensionsTooLarge, []string{"width", "height", "max_width", "max_height", "max_pixels"}},
	{CodePhotoDimensionsTooSmall, []string{"width", "height", "min_width", "min_height"}},
	{CodePhotoDecodeTooLarge, []string{"width", "height", "mib", "max_mib"}},
}
