#pragma once

// copied from my other drivers - DbgPrintEx so the output can be filtered
// with "ed nt!Kd_IHVDRIVER_Mask 0xf"
#define KLOG_ERR(fmt, ...)  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "[workq] " fmt "\n", __VA_ARGS__)
#define KLOG(fmt, ...)      DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL,  "[workq] " fmt "\n", __VA_ARGS__)
#define KTRACE()            KLOG("%s", __FUNCTION__)
