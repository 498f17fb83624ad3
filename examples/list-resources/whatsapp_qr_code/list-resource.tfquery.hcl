# Every QR code and short link of a phone number.
list "whatsapp_qr_code" "support" {
  provider         = whatsapp
  include_resource = true
  config {
    phone_number_id = "110200345501442"
  }
}
