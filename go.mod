module github.com/goasyncio/goasyncio

go 1.27

require (
	github.com/stretchr/testify v1.12.1 // indirect
	go.uber.org/goleak v1.3.0 // indirect
)
