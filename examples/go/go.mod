module bitrix24-ffi/examples/go

go 1.19
