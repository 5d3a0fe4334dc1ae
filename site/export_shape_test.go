package site

// ShapeCases is shapeCases, for the tests of package site_test to build
// public rosters of the same fields.
var ShapeCases = shapeCases
