console.log('underlay agent: not yet implemented');
