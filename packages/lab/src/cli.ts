console.log('lab: not yet implemented');
