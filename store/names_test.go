package store

// Secret names for the tests. The store accepts any well-formed name and
// knows no list; these are the Altinn II track's, a realistic set.
const (
	SecretRESTAPIKeyTT02         = "rest-api-key-tt02"
	SecretRESTAPIKeyProd         = "rest-api-key-prod"
	SecretSystemPassword         = "system-password"
	SecretCertificatePassword    = "certificate-password"
	SecretEnterpriseUserPassword = "enterprise-user-password"
	SecretSMTPPassword           = "smtp-password"
)

// testSecrets are the names above, in order.
var testSecrets = []string{
	SecretRESTAPIKeyTT02,
	SecretRESTAPIKeyProd,
	SecretSystemPassword,
	SecretCertificatePassword,
	SecretEnterpriseUserPassword,
	SecretSMTPPassword,
}

// TestSecrets are testSecrets for the tests of package store_test.
var TestSecrets = testSecrets

// testTrack is the track of the tests' sessions: the store keeps a
// session's track and knows nothing of it.
const testTrack = "test-track"

// TestTrack is testTrack for the tests of package store_test.
const TestTrack = testTrack
