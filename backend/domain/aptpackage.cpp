#include "aptpackage.h"
