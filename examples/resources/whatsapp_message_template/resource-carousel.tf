# A carousel, which the typed attributes do not cover: the components in
# Meta's own JSON shape. Key order, white space and the case of types never
# cause a diff.
resource "whatsapp_message_template" "picks" {
  waba_id  = "104996122399160"
  name     = "weekly_picks"
  language = "en_US"
  category = "MARKETING"

  components_json = jsonencode([
    { type = "BODY", text = "Our picks for you this week." },
    {
      type = "CAROUSEL"
      cards = [
        {
          components = [
            { type = "HEADER", format = "IMAGE", example = { header_handle = ["4::aW1hZ2UvcG5n:ARb1"] } },
            { type = "BODY", text = "The Linnea sofa, now in green." },
          ]
        },
        {
          components = [
            { type = "HEADER", format = "IMAGE", example = { header_handle = ["4::aW1hZ2UvcG5n:ARb2"] } },
            { type = "BODY", text = "The Tove lamp, back in stock." },
          ]
        },
      ]
    },
  ])
}
