# The profile customers see for a number. Attributes left out of the
# configuration are cleared on Meta's side (about is kept: Meta requires one).
resource "whatsapp_business_profile" "support" {
  phone_number_id = "110200345501442"
  about           = "Support Mon-Fri 8-18 CET"
  description     = "Orders, returns and repairs for Acme customers."
  address         = "Hauptstr. 1, 10115 Berlin"
  email           = "support@acme.example"
  websites        = ["https://acme.example", "https://acme.example/help"]
  vertical        = "RETAIL"
}
