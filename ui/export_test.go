package ui

// StylesBuilt is how many times styles were built in this process.
func StylesBuilt() int64 { return stylesBuilt.Load() }

// BackgroundTimeout is the message that ends the wait for the terminal.
func BackgroundTimeout() any { return bgTimeoutMsg{} }
