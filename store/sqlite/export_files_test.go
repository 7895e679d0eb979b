package sqlite

// DriverName opens a database as Open does, with its files attached, for
// tests that change its rows behind the store's back.
const DriverName = driverName
