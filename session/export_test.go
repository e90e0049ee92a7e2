package session

// DecodeViaDocument is the two-pass decode Decode must agree with (see
// decode_once_test.go).
var DecodeViaDocument = decodeViaDocument
