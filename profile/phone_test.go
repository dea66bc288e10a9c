package profile_test

import (
	"errors"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

func TestParsePhone(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		region  string
		kind    profile.PhoneKind
		rules   profile.PhoneRules
		want    string          // E.164, when accepted
		code    profilekit.Code // when refused
		natl    string          // national format, when checked
		intl    string          // international format, when checked
		country string
	}{
		// United States: area codes serve both fixed and mobile lines.
		{name: "US national landline", in: "(201) 555-0123", region: "US", kind: profile.KindLandline, want: "+12015550123", natl: "(201) 555-0123", intl: "+1 201-555-0123", country: "US"},
		{name: "US same number as mobile", in: "201.555.0123", region: "US", kind: profile.KindMobile, want: "+12015550123"},
		{name: "US international", in: "+1 650-253-0000", kind: profile.KindLandline, want: "+16502530000"},
		{name: "US toll-free refused", in: "+1 800 234 5678", kind: profile.KindLandline, code: profilekit.CodePhoneTollFree},
		{name: "US toll-free allowed", in: "1-800-234-5678", region: "US", kind: profile.KindLandline, rules: profile.PhoneRules{AllowTollFree: true}, want: "+18002345678"},
		{name: "US premium refused", in: "+1 900 555 0123", kind: profile.KindMobile, code: profilekit.CodePhonePremiumRate},
		// United Kingdom.
		{name: "GB London landline", in: "020 7946 0018", region: "GB", kind: profile.KindLandline, want: "+442079460018", natl: "020 7946 0018", intl: "+44 20 7946 0018", country: "GB"},
		{name: "GB landline as mobile", in: "0121 234 5678", region: "GB", kind: profile.KindMobile, code: profilekit.CodePhoneNotMobile},
		{name: "GB mobile", in: "07400 123456", region: "GB", kind: profile.KindMobile, want: "+447400123456", intl: "+44 7400 123456"},
		{name: "GB mobile as landline", in: "+44 7911 123456", kind: profile.KindLandline, code: profilekit.CodePhoneNotLandline},
		{name: "GB VoIP refused", in: "056 1234 5678", region: "GB", kind: profile.KindLandline, code: profilekit.CodePhoneVoIP},
		{name: "GB VoIP allowed", in: "056 1234 5678", region: "GB", kind: profile.KindLandline, rules: profile.PhoneRules{AllowVoIP: true}, want: "+445612345678"},
		{name: "GB premium allowed", in: "0909 8790000", region: "GB", kind: profile.KindMobile, rules: profile.PhoneRules{AllowPremiumRate: true}, want: "+449098790000"},
		{name: "GB UAN refused", in: "0300 123 4567", region: "GB", kind: profile.KindLandline, code: profilekit.CodePhoneUnsupportedType},
		{name: "GB with extension", in: "+44 20 7946 0018 ext. 12", kind: profile.KindLandline, code: profilekit.CodePhoneExtension},
		// Germany.
		{name: "DE Berlin landline", in: "030 123456", region: "DE", kind: profile.KindLandline, want: "+4930123456", natl: "030 123456", country: "DE"},
		{name: "DE mobile", in: "01512 3456789", region: "de", kind: profile.KindMobile, want: "+4915123456789"},
		{name: "DE mobile with 0049", in: "0049 1512 3456789", region: "DE", kind: profile.KindMobile, want: "+4915123456789"},
		{name: "DE toll-free", in: "0800 1234567890", region: "DE", kind: profile.KindMobile, code: profilekit.CodePhoneTollFree},
		// France.
		{name: "FR Paris landline", in: "01 23 45 67 89", region: "FR", kind: profile.KindLandline, want: "+33123456789", natl: "01 23 45 67 89"},
		{name: "FR mobile", in: "+33 6 12 34 56 78", kind: profile.KindMobile, want: "+33612345678", intl: "+33 6 12 34 56 78"},
		{name: "FR mobile as landline", in: "06 12 34 56 78", region: "FR", kind: profile.KindLandline, code: profilekit.CodePhoneNotLandline},
		// India.
		{name: "IN mobile", in: "+91 81234 56789", kind: profile.KindMobile, want: "+918123456789"},
		{name: "IN Delhi landline", in: "011 2345 6789", region: "IN", kind: profile.KindLandline, want: "+911123456789"},
		{name: "IN fixed-or-mobile in both", in: "074104 10123", region: "IN", kind: profile.KindMobile, want: "+917410410123"},
		// Brazil.
		{name: "BR São Paulo landline", in: "(11) 2345-6789", region: "BR", kind: profile.KindLandline, want: "+551123456789"},
		{name: "BR mobile", in: "+55 11 96123-4567", kind: profile.KindMobile, want: "+5511961234567", natl: "(11) 96123-4567"},
		{name: "BR landline as mobile", in: "+55 11 2345-6789", kind: profile.KindMobile, code: profilekit.CodePhoneNotMobile},
		// Japan.
		{name: "JP Tokyo landline", in: "03-1234-5678", region: "JP", kind: profile.KindLandline, want: "+81312345678", natl: "03-1234-5678", country: "JP"},
		{name: "JP mobile", in: "090-1234-5678", region: "JP", kind: profile.KindMobile, want: "+819012345678"},
		{name: "JP full-width digits", in: "０９０-１２３４-５６７８", region: "JP", kind: profile.KindMobile, want: "+819012345678"},
		{name: "JP IP phone", in: "050-1234-5678", region: "JP", kind: profile.KindMobile, code: profilekit.CodePhoneVoIP},
		// Nigeria.
		{name: "NG mobile", in: "0802 123 4567", region: "NG", kind: profile.KindMobile, want: "+2348021234567", country: "NG"},
		{name: "NG landline", in: "+234 2033 12 3456", kind: profile.KindLandline, want: "+2342033123456"},
		{name: "NG mobile as landline", in: "+234 802 123 4567", kind: profile.KindLandline, code: profilekit.CodePhoneNotLandline},
		// Input that is not a number.
		{name: "national without region", in: "030 123456", kind: profile.KindLandline, code: profilekit.CodePhoneNeedsRegion},
		{name: "letters", in: "call me maybe", region: "US", kind: profile.KindLandline, code: profilekit.CodePhoneInvalid},
		{name: "too short", in: "+49 30", kind: profile.KindLandline, code: profilekit.CodePhoneInvalid},
		{name: "unknown country code", in: "+999 1234 5678", kind: profile.KindLandline, code: profilekit.CodePhoneInvalid},
		{name: "over the length cap", in: "+1 " + string(make([]byte, 80)), kind: profile.KindLandline, code: profilekit.CodePhoneInvalid},
		{name: "empty", in: "  ", region: "US", kind: profile.KindLandline, code: profilekit.CodeTextRequired},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := tt.rules
			rules.DefaultRegion = tt.region
			got, err := profile.ParsePhone(tt.in, tt.kind, rules)
			if tt.code != "" {
				var verr *profile.ValidationError
				require.ErrorAs(t, err, &verr)
				require.Len(t, verr.Fields, 1)
				assert.Equal(t, tt.code, verr.Fields[0].Code)
				assert.Equal(t, tt.kind.String(), verr.Fields[0].Field)
				assert.ErrorIs(t, err, profile.ErrInvalid)
				assert.Empty(t, got.E164())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.E164())
			assert.Equal(t, tt.want, got.String())
			if tt.natl != "" {
				assert.Equal(t, tt.natl, got.National())
			}
			if tt.intl != "" {
				assert.Equal(t, tt.intl, got.International())
			}
			if tt.country != "" {
				assert.Equal(t, tt.country, got.Region())
			}
			again, err := profile.ParsePhone(got.E164(), tt.kind, tt.rules)
			require.NoError(t, err, "E.164 output must parse again with no region")
			assert.Equal(t, got, again)
		})
	}
}

func TestFormatPhone(t *testing.T) {
	natl, intl := profile.FormatPhone("+442079460018")
	assert.Equal(t, "020 7946 0018", natl)
	assert.Equal(t, "+44 20 7946 0018", intl)
	natl, intl = profile.FormatPhone("")
	assert.Empty(t, natl)
	assert.Empty(t, intl)
	natl, intl = profile.FormatPhone("not a number")
	assert.Equal(t, "not a number", natl)
	assert.Equal(t, "not a number", intl)
}

func TestPhoneKindText(t *testing.T) {
	for _, k := range []profile.PhoneKind{profile.KindLandline, profile.KindMobile} {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var back profile.PhoneKind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
	}
	assert.Equal(t, "PhoneKind(7)", profile.PhoneKind(7).String())
	assert.Equal(t, "mobile", profile.KindMobile.String())
	_, err := profile.PhoneKind(0).MarshalText()
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []profilekit.Code{profilekit.CodePhoneKindUnknown}, verr.Codes())
	k := profile.KindMobile
	err = k.UnmarshalText([]byte("fax"))
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "profile: invalid input: phone_kind: \"fax\" is not a known kind of phone number (phone_kind.unknown)", err.Error())
	fe, ok := verr.Field(profile.FieldPhoneKind)
	require.True(t, ok)
	assert.Equal(t, profilekit.CodePhoneKindUnknown, fe.Code)
	assert.Equal(t, profile.KindMobile, k, "a failed unmarshal changed the value")
}

func TestPhoneTooLongParams(t *testing.T) {
	_, err := profile.ParsePhone("+44 "+strings.Repeat("1", 100), profile.KindMobile, profile.PhoneRules{})
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	require.Len(t, verr.Fields, 1)
	assert.Equal(t, profilekit.CodePhoneInvalid, verr.Fields[0].Code)
	assert.Equal(t, map[string]any{"max_bytes": 64}, verr.Fields[0].Params)
	_, err = profile.ParsePhone("+44 20 7946", profile.KindLandline, profile.PhoneRules{})
	require.ErrorAs(t, err, &verr)
	assert.Nil(t, verr.Fields[0].Params, "a rule without a number has no params")
}

// ParsePhone uses GetNumberType != UNKNOWN in place of IsValidNumber; this
// checks the two agree on a spread of valid, invalid and odd numbers.
func TestPhoneValidityMatchesLibrary(t *testing.T) {
	for _, in := range []string{
		"+12015550123", "+16502530000", "+1 800 234 5678", "+1 999 555 0123", "+442079460018", "+447400123456",
		"+44 20 7946 001", "+4930123456", "+49 30", "+33123456789", "+918123456789", "+5511961234567",
		"+81312345678", "+2342033123456", "+2348021234567", "+999 1234 5678", "+800 1234 5678", "+882 1234 5678",
		"+979 123456789", "+1 684 733 1234", "+7 495 123 4567", "+7 700 123 4567", "+39 06 1234 5678",
	} {
		n, err := phonenumbers.Parse(in, "")
		if err != nil {
			continue
		}
		_, perr := profile.ParsePhone(in, profile.KindLandline, profile.PhoneRules{AllowVoIP: true, AllowTollFree: true, AllowPremiumRate: true})
		var verr *profile.ValidationError
		invalid := errors.As(perr, &verr) && verr.Fields[0].Code == profilekit.CodePhoneInvalid
		assert.Equal(t, !phonenumbers.IsValidNumber(n), invalid, in)
	}
}
