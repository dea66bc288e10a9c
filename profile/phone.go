package profile

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// maxPhoneInputBytes caps a phone number before libphonenumber sees it.
// The library itself refuses more than 250 characters; real input, with
// spaces, brackets and a country code, stays far below this.
const maxPhoneInputBytes = 64

// MaxPhoneBytes is the most bytes (and characters) of a stored phone
// number, Landline or Mobile: E.164 is "+" and at most 15 digits.
const MaxPhoneBytes = 16

// PhoneKind says which field a phone number is entered in, which decides the
// number types it accepts.
type PhoneKind int

// The phone fields of the General tab.
const (
	// KindLandline accepts fixed-line and fixed-line-or-mobile numbers.
	KindLandline PhoneKind = iota + 1
	// KindMobile accepts mobile and fixed-line-or-mobile numbers.
	KindMobile
)

// phoneKindText is the text form of PhoneKind.
var phoneKindText = kit.Enum[PhoneKind]{
	Type: "PhoneKind", Domain: domain, Field: FieldPhoneKind, Code: profilekit.CodePhoneKindUnknown,
	Names: []string{KindLandline: "landline", KindMobile: "mobile"},
}

// String returns "landline" or "mobile", or "PhoneKind(n)" for a value
// that is not one of the constants.
func (k PhoneKind) String() string { return phoneKindText.String(k) }

// MarshalText implements encoding.TextMarshaler with the String form. It
// fails with a *ValidationError (FieldPhoneKind,
// profilekit.CodePhoneKindUnknown) for a value that is not one of the
// constants.
func (k PhoneKind) MarshalText() ([]byte, error) { return phoneKindText.Marshal(k) }

// UnmarshalText implements encoding.TextUnmarshaler. It accepts exactly the
// String forms and fails with a *ValidationError (FieldPhoneKind,
// profilekit.CodePhoneKindUnknown) for anything else, leaving k unchanged.
func (k *PhoneKind) UnmarshalText(text []byte) error { return phoneKindText.Unmarshal(text, k) }

// field returns the Field constant for the kind.
func (k PhoneKind) field() string {
	if k == KindMobile {
		return FieldMobile
	}
	return FieldLandline
}

// PhoneRules configures phone number parsing.
type PhoneRules struct {
	// DefaultRegion is the CLDR region code ("US", "DE") in which a number
	// written without a leading "+" is read. Empty means such numbers are
	// refused with profilekit.CodePhoneNeedsRegion.
	DefaultRegion string
	// AllowVoIP accepts VoIP numbers in either field.
	AllowVoIP bool
	// AllowTollFree accepts toll-free numbers in either field.
	AllowTollFree bool
	// AllowPremiumRate accepts premium-rate numbers in either field.
	AllowPremiumRate bool
}

// Phone is a valid phone number. The zero value is no number.
type Phone struct {
	e164 string
}

// E164 returns the number in E.164 form, such as "+4930123456", the form
// stores keep.
func (p Phone) E164() string { return p.e164 }

// Region returns the CLDR region the number belongs to, such as "DE", or ""
// for the zero Phone.
func (p Phone) Region() string {
	if p.e164 == "" {
		return ""
	}
	n, err := phonenumbers.Parse(p.e164, "")
	if err != nil {
		return ""
	}
	return phonenumbers.GetRegionCodeForNumber(n)
}

// String returns the E.164 form.
func (p Phone) String() string { return p.e164 }

// National formats the number as dialled inside its own country, such as
// "030 123456".
func (p Phone) National() string { return formatPhone(p.e164, phonenumbers.NATIONAL) }

// International formats the number for dialling from abroad, such as
// "+49 30 123456".
func (p Phone) International() string { return formatPhone(p.e164, phonenumbers.INTERNATIONAL) }

func formatPhone(e164 string, f phonenumbers.PhoneNumberFormat) string {
	if e164 == "" {
		return ""
	}
	n, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return e164
	}
	return phonenumbers.Format(n, f)
}

// FormatPhone formats a stored E.164 number for display, nationally and
// internationally. A value that is not an E.164 number is returned as it is
// in both.
func FormatPhone(e164 string) (national, international string) {
	return formatPhone(e164, phonenumbers.NATIONAL), formatPhone(e164, phonenumbers.INTERNATIONAL)
}

// ParsePhone parses a phone number typed into the field of the given kind,
// with libphonenumber. A number starting with "+" needs no region; others
// are read in rules.DefaultRegion. It refuses invalid numbers, numbers of a
// type the field does not take (a fixed-line number as the mobile, a
// mobile-only number as the landline), VoIP, toll-free and premium-rate
// numbers unless the rules allow them, other special types, and numbers
// with an extension (E.164 cannot keep one). Errors are a *ValidationError
// for the kind's field.
func ParsePhone(s string, kind PhoneKind, rules PhoneRules) (Phone, error) {
	p, fe := parsePhone(s, kind, rules)
	return p, single(kind.field(), fe)
}

func parsePhone(s string, kind PhoneKind, rules PhoneRules) (p Phone, fe *FieldError) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Phone{}, invalid(profilekit.CodeTextRequired, "is empty")
	}
	if len(s) > maxPhoneInputBytes {
		fe := invalid(profilekit.CodePhoneInvalid, "is too long to be a phone number")
		fe.Params = map[string]any{"max_bytes": maxPhoneInputBytes}
		return Phone{}, fe
	}
	region := strings.ToUpper(rules.DefaultRegion)
	if region == "" && !strings.HasPrefix(s, "+") {
		return Phone{}, invalid(profilekit.CodePhoneNeedsRegion, "needs an international prefix such as +44")
	}
	// libphonenumber is a port of a large library; a panic inside it on some
	// odd input must not take the caller down, so it becomes a rejection.
	defer func() {
		if recover() != nil {
			p, fe = Phone{}, invalid(profilekit.CodePhoneInvalid, "is not a valid phone number")
		}
	}()
	n, err := phonenumbers.Parse(s, region)
	if err != nil {
		if errors.Is(err, phonenumbers.ErrInvalidCountryCode) && !strings.HasPrefix(s, "+") {
			return Phone{}, invalid(profilekit.CodePhoneNeedsRegion, "needs an international prefix such as +44")
		}
		return Phone{}, invalid(profilekit.CodePhoneInvalid, "is not a valid phone number")
	}
	// GetNumberType does what IsValidNumber does (find the number's region
	// and match it against that region's patterns) and returns UNKNOWN
	// exactly when IsValidNumber is false, so one call serves for both.
	t := phonenumbers.GetNumberType(n)
	if t == phonenumbers.UNKNOWN {
		return Phone{}, invalid(profilekit.CodePhoneInvalid, "is not a valid phone number")
	}
	if n.GetExtension() != "" {
		return Phone{}, invalid(profilekit.CodePhoneExtension, "has an extension, which cannot be stored; enter the number without it")
	}
	if fe := checkPhoneType(t, kind, rules); fe != nil {
		return Phone{}, fe
	}
	return Phone{e164: phonenumbers.Format(n, phonenumbers.E164)}, nil
}

// checkPhoneType applies the field's rules to the number's type.
func checkPhoneType(t phonenumbers.PhoneNumberType, kind PhoneKind, rules PhoneRules) *FieldError {
	switch t {
	case phonenumbers.FIXED_LINE_OR_MOBILE:
		return nil
	case phonenumbers.FIXED_LINE:
		if kind == KindMobile {
			return invalid(profilekit.CodePhoneNotMobile, "is a fixed-line number, not a mobile number")
		}
		return nil
	case phonenumbers.MOBILE:
		if kind == KindLandline {
			return invalid(profilekit.CodePhoneNotLandline, "is a mobile number, not a landline number")
		}
		return nil
	case phonenumbers.VOIP:
		if rules.AllowVoIP {
			return nil
		}
		return invalid(profilekit.CodePhoneVoIP, "is a VoIP number, which is not accepted")
	case phonenumbers.TOLL_FREE:
		if rules.AllowTollFree {
			return nil
		}
		return invalid(profilekit.CodePhoneTollFree, "is a toll-free number, which is not accepted")
	case phonenumbers.PREMIUM_RATE:
		if rules.AllowPremiumRate {
			return nil
		}
		return invalid(profilekit.CodePhonePremiumRate, "is a premium-rate number, which is not accepted")
	default: // UNKNOWN is handled by the caller as invalid
		return invalid(profilekit.CodePhoneUnsupportedType, "is a special-purpose number (pager, shared-cost, personal, UAN or voicemail), which is not accepted")
	}
}
