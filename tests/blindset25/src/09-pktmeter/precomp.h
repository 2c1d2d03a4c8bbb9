/*
 * precomp.h
 *
 * Copyright (c) PktMeter contributors. MIT licensed.
 */
#pragma once

#ifndef NDIS630
#define NDIS630 1
#endif

#pragma warning(disable: 4201)  /* nameless struct/union in ndis.h */
#include <ndis.h>
#include <ntstrsafe.h>

#include "pktmeter.h"
