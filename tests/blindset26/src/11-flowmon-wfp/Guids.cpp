//
// Guids.cpp - instantiates the GUIDs declared with DEFINE_GUID.
//
#include <ntddk.h>
#include <initguid.h>
#include "FlowMon.h"
