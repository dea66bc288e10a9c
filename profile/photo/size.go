package photo

import "strconv"

// sizeText writes a number of bytes as a person reads a file size, in
// binary units with at most one decimal: 5242880 is "5 MB", 1572864 is
// "1.5 MB", 2048 is "2 KB", 100 is "100 bytes".
func sizeText(n int64) string {
	units := []string{"KB", "MB", "GB"}
	if n < 1<<10 {
		return strconv.FormatInt(n, 10) + " bytes"
	}
	v, unit := float64(n)/(1<<10), units[0]
	for _, u := range units[1:] {
		if v < 1<<10 {
			break
		}
		v, unit = v/(1<<10), u
	}
	return strconv.FormatFloat(float64(int64(v*10))/10, 'f', -1, 64) + " " + unit
}
