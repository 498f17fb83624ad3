package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/waba-terraform/terraform-provider-whatsapp/internal/emulator"
)

const encryptionName = "whatsapp_business_encryption.test"

// exampleBusinessPublicKey is the key of the whatsapp_business_encryption
// example, as Meta holds it for the import examples.
const exampleBusinessPublicKey = flowsPublicKey

// Two 2048-bit RSA public keys and a 1024-bit one, for tests only.
const (
	flowsPublicKey = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtGqyy32dE0CB/oTRs9Lo
eMWXZMjcsZXkic2fLjwvc5Gdl33QLlhm6SkCFUHdMOx9uMApmO2wFOYQ+9mZZnMN
9LAUy9EohBqOZeRaRIyXx+EXDQ0yE1tiIVs19t50jXh5vUuzEv0uAhaGFtirQrQU
3Uy+3+l06cTnf9zzT9p51U+tI47neu9ITAF7n7j6SHI3QuZvGUaJOefHiO2wBWk1
Z30qA5DzPiyOFlcJ7vc8AiCYhyEEua7hGfbbKYIonTjNnGvSyYmFc11jlepz3Evq
FaJDNYtlujq8/UaDQ5DXBAUCWnwDuoNxhXYnaLXeWzghp94YjTcVUg+cka+Ftp4k
ZQIDAQAB
-----END PUBLIC KEY-----`
	otherPublicKey = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEApT9hIDo0e1j4G4rQUfCU
xX/Zi4NwOMtbXWMcTbCicddAPm44psoZ8vkbhK+TVBJwnTgWAXe/Kj3PMOBO6OFP
yXITFwuYdlM50/nbAEACWEZBKRMUHdqMQ0QblEG3xC2q5s4+H78c5LfjwbFcHC7s
icPiMx+Y583NmPPI7s2NLAL7s0GxPlm95V7cywepolPUMl5Bi0Ej7fFKY8+k2P/l
VoM7twtdRY40+DpFbDfEW5EHjnFvXJ4K4TNQzsV2DMPhFyYgQp0zSPZ7ulJuAwTN
igu7+Rj4jsO13dT++xDFj2jzqyKsedK1Ka3+E3GU6YD1hT8AT9kPPhMdQGGvWdet
1wIDAQAB
-----END PUBLIC KEY-----`
	shortPublicKey = `-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCqTX23wKc5cxBL5aXjT25rXtyc
OBjrKzv05p5o764gNZloTREk05Z+69VSo2cfjh9r2X/TgYMNwQcYGGgJd6953zFP
jx+20cDYRl0FSvDsc6DFqD9xJvuX3+82TIoOBLLra8mZvah798owT5hvoGMcjNZU
aw4y+ZaPj02T5wij8QIDAQAB
-----END PUBLIC KEY-----`
)

func encryptionConfig(a *acc, key string) string {
	return a.provider() + fmt.Sprintf(`
resource "whatsapp_business_encryption" "test" {
  phone_number_id     = %q
  business_public_key = <<-EOT
%s
EOT
}
`, seededPhone, key)
}

func (a *acc) publicKeyIs(want string) resource.TestCheckFunc {
	return func(*terraform.State) error {
		for _, w := range a.fake.State().WABAs {
			for _, p := range w.PhoneNumbers {
				if p.ID == seededPhone && strings.TrimSpace(p.BusinessPublicKey) != strings.TrimSpace(want) {
					return fmt.Errorf("the fake holds key %q, want %q", p.BusinessPublicKey, want)
				}
			}
		}
		return nil
	}
}

// TestAccBusinessEncryption: the key set (one read first, one POST), read
// with its signature status, changed in place, imported; destroy leaves the
// key at Meta (nothing sent).
func TestAccBusinessEncryption(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{})
	a.testWithDestroyCheck(resource.ComposeTestCheckFunc(a.publicKeyIs(otherPublicKey), a.calls("POST /{phone}/whatsapp_business_encryption", 2)),
		resource.TestStep{
			Config:           encryptionConfig(a, flowsPublicKey),
			ConfigPlanChecks: expectAction(encryptionName, plancheck.ResourceActionCreate),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(encryptionName, tfjsonpath.New("id"), knownvalue.StringExact(seededPhone)),
				statecheck.ExpectKnownValue(encryptionName, tfjsonpath.New("business_public_key_signature_status"), knownvalue.StringExact("VALID")),
			},
			Check: resource.ComposeTestCheckFunc(a.publicKeyIs(flowsPublicKey), a.calls("POST /{phone}/whatsapp_business_encryption", 1)),
		},
		resource.TestStep{ResourceName: encryptionName, ImportState: true, ImportStateId: seededPhone, ImportStateVerify: true},
		resource.TestStep{
			Config:           encryptionConfig(a, otherPublicKey),
			ConfigPlanChecks: expectAction(encryptionName, plancheck.ResourceActionUpdate),
			Check:            resource.ComposeTestCheckFunc(a.publicKeyIs(otherPublicKey), a.calls("POST /{phone}/whatsapp_business_encryption", 2)),
		},
	)
}

// TestAccBusinessEncryptionExisting: a number with another key refuses the
// create before any write, with the import ID; the import plans the change.
func TestAccBusinessEncryptionExisting(t *testing.T) {
	t.Parallel()
	a := newAcc(t, emulator.Options{}, func(s *emulator.Seed) { s.WABAs[0].PhoneNumbers[0].BusinessPublicKey = otherPublicKey })
	a.test(
		resource.TestStep{Config: encryptionConfig(a, flowsPublicKey), ExpectError: errorRe(`Business Public Key Already Set.*terraform import <address> ` + seededPhone)},
		resource.TestStep{
			Config:           encryptionConfig(a, flowsPublicKey) + importBlock(encryptionName, seededPhone),
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(encryptionName, plancheck.ResourceActionUpdate)}},
			Check:            resource.ComposeTestCheckFunc(a.publicKeyIs(flowsPublicKey), a.calls("POST /{phone}/whatsapp_business_encryption", 1)),
		},
	)
}
