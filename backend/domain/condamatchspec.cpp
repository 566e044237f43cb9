#include "condamatchspec.h"
