#pragma once
/*
 * kbsuite.h - names and control codes shared by kbfilter.sys, kbctl.sys and
 * the kbmon console tool.
 */

#define KBSUITE_CTL_DEVICE_NAME   L"\\Device\\KbSuiteCtl"
#define KBSUITE_CTL_LINK_NAME     L"\\DosDevices\\KbSuiteCtl"
#define KBSUITE_CTL_USER_PATH     L"\\\\.\\KbSuiteCtl"

#define KBSUITE_FILTER_PARAMS \
    L"\\Registry\\Machine\\System\\CurrentControlSet\\Services\\kbfilter\\Parameters"
#define KBSUITE_VALUE_CAPTURE     L"Capture"

#define KBSUITE_DEVTYPE 0x8A01

#define IOCTL_KBSUITE_SET_CAPTURE \
    CTL_CODE(KBSUITE_DEVTYPE, 0x800, METHOD_BUFFERED, FILE_WRITE_ACCESS)
#define IOCTL_KBSUITE_GET_CAPTURE \
    CTL_CODE(KBSUITE_DEVTYPE, 0x801, METHOD_BUFFERED, FILE_READ_ACCESS)
