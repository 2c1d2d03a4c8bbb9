#pragma once

#define TW_PREFIX "[threadwatch] "

#define TW_LOG(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,    TW_PREFIX fmt "\n", __VA_ARGS__))
#define TW_WARN(fmt, ...) KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_WARNING_LEVEL, TW_PREFIX fmt "\n", __VA_ARGS__))
#define TW_ERR(fmt, ...)  KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL,   TW_PREFIX fmt "\n", __VA_ARGS__))

// release builds still want to see detections
#define TW_ALERT(fmt, ...) DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, TW_PREFIX "ALERT " fmt "\n", __VA_ARGS__)
