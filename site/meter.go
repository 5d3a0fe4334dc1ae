package site

// The size meter beside a list's size against its cap: green below
// nine tenths of the cap, amber from there up to the cap itself, red
// past it. A meter clamps its value to max, so max grows with a list
// over its cap, which would otherwise draw as exactly full, and green.

// MeterMax is the meter's max: the cap, or the size when past it.
func (l listView) MeterMax() int { return max(l.Cap, l.Size) }

// MeterLow is where the amber region begins: nine tenths of the cap.
func (l listView) MeterLow() int { return l.Cap * 9 / 10 }

// MeterHigh is where the red region begins: just past the cap (a
// browser draws a value equal to high in the amber region, so one past
// the cap would be amber).
func (l listView) MeterHigh() float64 { return float64(l.Cap) + 0.5 }
